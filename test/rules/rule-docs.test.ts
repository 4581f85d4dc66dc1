import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { UNUSED_IGNORE_META } from '../../src/engine/ignores.js';
import { isDockerfileRule, kindsRead } from '../../src/rule-api/types.js';
import { repoRoot } from '../helpers/cli.js';
import { findings } from '../helpers/lint.js';
import { runtimeFindings } from '../helpers/runtime-fixtures.js';

/** The first ```dockerfile block after a heading. */
function exampleAfter(doc: string, heading: string): string {
  const at = doc.indexOf(`## ${heading}`);
  const block = at < 0 ? null : /```dockerfile\n([\s\S]*?)```/.exec(doc.slice(at));
  if (!block?.[1]) throw new Error(`no dockerfile block under "## ${heading}"`);
  return block[1];
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'volint-rule-docs-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * A Compose or script example of a run-time rule's doc, written to a folder as the file it shows (`compose.yaml`, a
 * `run.sh`), with the Dockerfile block after it and the directories the text says sit beside it.
 */
function runtimeExample(doc: string, heading: string, dir: string): void {
  const at = doc.indexOf(`## ${heading}`);
  const next = doc.indexOf('\n## ', at + 3);
  const section = doc.slice(at, next < 0 ? undefined : next);
  const compose = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  const script = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  const dockerfile = /```dockerfile\n([\s\S]*?)```/.exec(section)?.[1];
  if (compose === undefined && script === undefined) throw new Error(`no yaml or sh block under "## ${heading}"`);
  mkdirSync(dir, { recursive: true });
  if (compose !== undefined) writeFileSync(path.join(dir, 'compose.yaml'), compose);
  if (script !== undefined) writeFileSync(path.join(dir, 'run.sh'), script);
  if (dockerfile !== undefined) writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  for (const m of section.matchAll(/with a directory `([\w.-]+)\/`/g)) mkdirSync(path.join(dir, m[1] ?? 'x'), { recursive: true });
}

describe('rule docs', () => {
  it(`${UNUSED_IGNORE_META.id}: the engine's own check has a doc whose examples hold`, async () => {
    const doc = readFileSync(path.join(repoRoot, 'rules', `${UNUSED_IGNORE_META.id}.md`), 'utf8');
    expect(await findings(exampleAfter(doc, 'Failing example'), UNUSED_IGNORE_META.id)).not.toEqual([]);
    expect(await findings(exampleAfter(doc, 'Passing example'), UNUSED_IGNORE_META.id)).toEqual([]);
    expect(UNUSED_IGNORE_META.docs.url.endsWith(`rules/${UNUSED_IGNORE_META.id}.md`)).toBe(true);
  });

  for (const rule of rules) {
    const id = rule.meta.id;
    if (!isDockerfileRule(rule)) {
      const doc = readFileSync(path.join(repoRoot, 'rules', `${id}.md`), 'utf8');
      it(`${id}: the doc's failing example fires and its passing example stays silent`, async () => {
        runtimeExample(doc, 'Failing example', path.join(scratch, id, 'failing'));
        runtimeExample(doc, 'Passing example', path.join(scratch, id, 'passing'));
        expect(await runtimeFindings(path.join(scratch, id, 'failing'), id)).not.toEqual([]);
        expect(await runtimeFindings(path.join(scratch, id, 'passing'), id)).toEqual([]);
      });
      it(`${id}: the doc says which files it reads and the URL points at it`, () => {
        expect(doc).toMatch(/^Reads: /m);
        for (const kind of kindsRead(rule)) expect(doc).toContain(kind === 'compose' ? 'Compose' : 'script');
        expect(rule.meta.docs.url.endsWith(`rules/${id}.md`)).toBe(true);
      });
      continue;
    }
    const doc = readFileSync(path.join(repoRoot, 'rules', `${id}.md`), 'utf8');

    it(`${id}: the doc's failing example fires and its passing example stays silent`, async () => {
      expect(await findings(exampleAfter(doc, 'Failing example'), id)).not.toEqual([]);
      expect(await findings(exampleAfter(doc, 'Passing example'), id)).toEqual([]);
    });

    it(`${id}: the doc has a builder-profile table and the URL points at it`, () => {
      expect(doc).toContain('## Builder profiles');
      for (const profile of ['portable', 'buildkit', 'classic', 'buildah', 'buildah-compat', 'kaniko']) expect(doc).toContain(`\`${profile}\``);
      expect(rule.meta.docs.url.endsWith(`rules/${id}.md`)).toBe(true);
    });
  }
});
