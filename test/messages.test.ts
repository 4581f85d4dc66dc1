import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { fileKindOf } from '../src/engine/file-kinds.js';
import { UNUSED_IGNORE_META } from '../src/engine/ignores.js';
import { lintBytes } from '../src/engine/lint-files.js';
import type { LintMessage } from '../src/engine/types.js';
import { BUILDER_PROFILES, type BuilderProfile } from '../src/model/types.js';
import { repoRoot } from './helpers/cli.js';
import { CORPUS, corpusFiles, hasCorpus, warnIfNoCorpus } from './helpers/corpus.js';

/**
 * A finding is read in a terminal line, a GitHub annotation, an editor hover: one short sentence of what happens and
 * what to do. The long story is the rule's doc, which every format links to. Checked over every fixture (with every
 * builder profile, since the profile changes the wording) and over the corpus.
 */
const MAX_LENGTH = 200;
const MAX_MEDIAN = 120;

interface Finding {
  file: string;
  builder: BuilderProfile;
  message: LintMessage;
}

const metas = [...rules.map((r) => r.meta), UNUSED_IGNORE_META];

async function findingsIn(files: readonly string[], builders: readonly BuilderProfile[]): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const builder of builders) {
    const options = { rules, configFor: () => ({ ...DEFAULT_CONFIG, builder }) };
    for (const file of files) {
      const result = await lintBytes(readFileSync(file), file, options);
      for (const message of result.messages) if (message.ruleId !== null) found.push({ file, builder, message });
    }
  }
  return found;
}

/** What makes a message more than one short sentence, if anything. */
function problemOf(text: string): string | undefined {
  if (text.length > MAX_LENGTH) return `${text.length} characters`;
  if (!text.endsWith('.')) return 'no final full stop';
  // Code spans (`a. B`) may hold anything; outside them a full stop ends the one sentence.
  const prose = text.slice(0, -1).replace(/`[^`]*`/g, '``');
  if (/[.!?]\s/.test(prose)) return 'more than one sentence';
  if (/\n/.test(text)) return 'more than one line';
  return undefined;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

function check(findings: readonly Finding[], root: string): void {
  const problems = findings.flatMap(({ file, builder, message }) => {
    const problem = problemOf(message.message);
    return problem ? [`${path.relative(root, file)} (${builder}) ${message.ruleId ?? ''}: ${problem}: ${message.message}`] : [];
  });
  expect(problems).toEqual([]);
  expect(median(findings.map((f) => f.message.message.length))).toBeLessThanOrEqual(MAX_MEDIAN);
}

/** Every linted fixture: whatever file kinds the fixtures hold, minus expectations and docs. */
function fixtureFiles(): string[] {
  const dir = path.join(repoRoot, 'fixtures');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(json|md)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe('finding messages', () => {
  it('are one short sentence in every fixture, with every builder profile', async () => {
    const findings = await findingsIn(fixtureFiles(), BUILDER_PROFILES);
    const lengths = findings.map((f) => f.message.message.length);
    console.log(`fixture findings: ${findings.length}, message length median ${median(lengths)}, longest ${Math.max(...lengths)}`);
    check(findings, repoRoot);
    // Every message of every rule is seen at least once, so no template escapes the check.
    const seen = new Set(findings.map((f) => `${f.message.ruleId ?? ''}/${f.message.messageId ?? ''}`));
    const unseen = metas.flatMap((m) => Object.keys(m.messages).map((id) => `${m.id}/${id}`)).filter((key) => !seen.has(key));
    expect(unseen).toEqual([]);
  }, 120_000);

  warnIfNoCorpus('the corpus message lengths');
  it.skipIf(!hasCorpus)('are one short sentence over the corpus (portable and BuildKit wording)', async () => {
    const findings = await findingsIn(corpusFiles(), ['portable', 'buildkit']);
    expect(findings.length).toBeGreaterThan(20);
    const lengths = findings.map((f) => f.message.message.length);
    console.log(`Dockerfile corpus findings: ${findings.length}, message length median ${median(lengths)}, longest ${Math.max(...lengths)}`);
    check(findings, CORPUS);
  }, 300_000);

  // The Compose files and scripts beside the Dockerfiles in the corpus, where they exist (runtime-corpus.test.ts
  // says when they do not).
  const runtime = ['compose', 'scripts'].map((folder) => path.join(path.dirname(CORPUS), folder));
  it.skipIf(!runtime.every((dir) => existsSync(dir)))('are one short sentence over the Compose and script corpus', async () => {
    const files = runtime.flatMap((dir) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name)),
    );
    const findings = (await findingsIn(files.sort(), ['portable'])).filter((f) => fileKindOf(f.file, readFileSync(f.file, 'latin1')) !== 'dockerfile');
    expect(findings.length).toBeGreaterThan(20);
    const lengths = findings.map((f) => f.message.message.length);
    console.log(`Compose and script corpus findings: ${findings.length}, message length median ${median(lengths)}, longest ${Math.max(...lengths)}`);
    check(findings, path.dirname(CORPUS));
  }, 300_000);
});
