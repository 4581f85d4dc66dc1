import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { fileKindOf } from '../src/engine/file-kinds.js';
import { UNUSED_IGNORE_META } from '../src/engine/ignores.js';
import { lintBytes } from '../src/engine/lint-files.js';
import type { LintMessage } from '../src/rule-api/types.js';
import { BUILDER_PROFILES, type BuilderProfile } from '../src/model/types.js';
import { cli, repoRoot } from './helpers/cli.js';
import { CORPUS, CORPUS_ROOT, corpusFiles, hasCorpus, warnIfNoCorpus } from './helpers/corpus.js';

/**
 * A finding is read in a terminal line, a GitHub annotation, an editor hover: one short sentence of what happens and
 * what to do. The long story is the rule's doc, which every format links to. Checked over every fixture (with every
 * builder profile, since the profile changes the wording) and over the corpus (Dockerfiles, Compose files, scripts).
 * The lengths are printed: `npx vitest run test/messages.test.ts` shows them.
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
  if (text.length > MAX_LENGTH) return `${String(text.length)} characters`;
  if (!text.endsWith('.')) return 'no final full stop';
  if (/\n/.test(text)) return 'more than one line';
  // Code spans (`a. B`) may hold anything; outside them a full stop ends the one sentence.
  const prose = text.slice(0, -1).replace(/`[^`]*`/g, '``');
  if (/[.!?]\s/.test(prose)) return 'more than one sentence';
  return undefined;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

/** Every message is one short sentence and the median stays short; prints the figures. */
function check(what: string, findings: readonly Finding[], root: string): void {
  const lengths = findings.map((f) => f.message.message.length);
  console.log(`${what}: ${String(findings.length)} findings, message length median ${String(median(lengths))}, longest ${String(Math.max(...lengths))}`);
  const problems = findings.flatMap(({ file, builder, message }) => {
    const problem = problemOf(message.message);
    return problem ? [`${path.relative(root, file)} (${builder}) ${message.ruleId ?? ''}: ${problem}: ${message.message}`] : [];
  });
  expect(problems).toEqual([]);
  expect(median(lengths)).toBeLessThanOrEqual(MAX_MEDIAN);
}

/** Every file under a folder, in a stable order. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Every linted fixture: whatever file kinds the fixtures hold, minus expectations and docs. */
function fixtureFiles(): string[] {
  return filesUnder(path.join(repoRoot, 'fixtures')).filter((f) => !/\.(json|md)$/.test(f));
}

describe('finding messages', () => {
  it('are one short sentence in every fixture, with every builder profile', async () => {
    const findings = await findingsIn(fixtureFiles(), BUILDER_PROFILES);
    check('fixtures', findings, repoRoot);
    // Every message of every rule is seen at least once, so no template escapes the check.
    const seen = new Set(findings.map((f) => `${f.message.ruleId ?? ''}/${f.message.messageId ?? ''}`));
    const unseen = metas.flatMap((m) => Object.keys(m.messages).map((id) => `${m.id}/${id}`)).filter((key) => !seen.has(key));
    expect(unseen).toEqual([]);
  }, 300_000);

  warnIfNoCorpus('the corpus message lengths');
  it.skipIf(!hasCorpus)('are one short sentence over the Dockerfile corpus (portable and BuildKit wording)', async () => {
    const findings = await findingsIn(corpusFiles(), ['portable', 'buildkit']);
    expect(findings.length).toBeGreaterThan(20);
    check('Dockerfile corpus', findings, CORPUS);
  }, 300_000);

  // The Compose files and scripts of the corpus (with the Dockerfiles they build, linted by the Dockerfile test's kind).
  const runtime = ['compose', 'scripts'].map((folder) => path.join(CORPUS_ROOT, folder));
  it.skipIf(!runtime.every((dir) => existsSync(dir)))('are one short sentence over the Compose and script corpus', async () => {
    const files = runtime.flatMap(filesUnder).filter((f) => fileKindOf(f, readFileSync(f, 'latin1')) !== 'dockerfile');
    const findings = await findingsIn(files, ['portable']);
    expect(findings.length).toBeGreaterThan(20);
    check('Compose and script corpus', findings, CORPUS_ROOT);
  }, 300_000);

  it('link to the rule doc that tells the long story, in every format', async () => {
    // Each doc sits at the path its URL names and is much longer than any message.
    for (const meta of metas) {
      expect(meta.docs.url).toBe(`https://github.com/volint/volint/blob/main/rules/${meta.id}.md`);
      const doc = path.join(repoRoot, 'rules', `${meta.id}.md`);
      expect(existsSync(doc), doc).toBe(true);
      expect(statSync(doc).size, doc).toBeGreaterThan(5 * MAX_LENGTH);
    }
    // JSON: --list-rules --format json gives docs.url.
    const listed = JSON.parse((await cli(['--list-rules', '--format', 'json'])).stdout) as { id: string; docs: { url: string } }[];
    expect(new Map(listed.map((r) => [r.id, r.docs.url]))).toEqual(new Map(metas.map((m) => [m.id, m.docs.url])));
    // SARIF: every rule a result names has helpUri and a help text carrying the URL.
    interface Descriptor {
      id: string;
      helpUri?: string;
      help?: { text: string };
    }
    const sarif = JSON.parse((await cli(['--format', 'sarif', 'fixtures/rules'])).stdout) as {
      runs: { tool: { driver: { rules: Descriptor[] } }; results: { ruleIndex: number }[] }[];
    };
    const run = sarif.runs[0];
    const reported = new Set(run?.results.map((r) => run.tool.driver.rules[r.ruleIndex]?.id));
    expect(reported.size).toBeGreaterThan(10);
    for (const descriptor of run?.tool.driver.rules ?? []) {
      const url = metas.find((m) => m.id === descriptor.id)?.docs.url;
      expect(url, descriptor.id).toBeDefined();
      expect(descriptor.helpUri).toBe(url);
      expect(descriptor.help?.text).toContain(url);
    }
    // The language server's codeDescription is checked over stdio in test/lsp/stdio.test.ts.
  });
});
