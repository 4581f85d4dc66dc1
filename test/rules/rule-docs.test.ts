import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { repoRoot } from '../helpers/cli.js';
import { findings } from '../helpers/lint.js';

/** The first ```dockerfile block after a heading. */
function exampleAfter(doc: string, heading: string): string {
  const at = doc.indexOf(`## ${heading}`);
  const block = at < 0 ? null : /```dockerfile\n([\s\S]*?)```/.exec(doc.slice(at));
  if (!block?.[1]) throw new Error(`no dockerfile block under "## ${heading}"`);
  return block[1];
}

describe('rule docs', () => {
  for (const rule of rules) {
    const id = rule.meta.id;
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
