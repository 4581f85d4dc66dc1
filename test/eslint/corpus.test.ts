import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import volint from '../../src/eslint/index.js';
import { relatedText, UNSAFE_FIX_DESC } from '../../src/eslint/rules.js';
import type { Fix, LintMessage, LintResult } from '../../src/rule-api/types.js';
import { editedSpan, fixSpan } from '../../src/engine/normalize-fixes.js';
import { repoRoot } from '../helpers/cli.js';
import { CORPUS, corpusTexts, hasCorpus, warnIfNoCorpus } from '../helpers/corpus.js';

/*
 * The issue's "done when": ESLint with the recommended config gives the same findings and, with --fix, the same fixed
 * text as the volint CLI, here over a sample of the corpus. The built CLI lints the whole corpus (as `volint .`),
 * which picks the sample, then fixes the sample (--fix-dry-run); ESLint's Node API lints and fixes the same files.
 */
/** Corpus files without findings in the sample. */
const OTHERS = 200;

interface Edit {
  range: [number, number];
  text: string;
}

interface Comparable {
  ruleId: string | null;
  messageId?: string | undefined;
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
  severity: number;
  message: string;
  /** ESLint gives a parse error no end. */
  fatal?: boolean | undefined;
  fix?: Edit | undefined;
  suggestions?: { desc: string; fix: Edit }[] | undefined;
}

/** One finding as both tools can say it, suggestions included. */
const row = (f: Comparable): string =>
  `${f.line}:${f.column}${f.fatal ? '' : `-${f.endLine ?? '?'}:${f.endColumn ?? '?'}`} ${f.severity} ${f.ruleId ?? 'fatal'}/${f.messageId ?? '-'} ${f.message}` +
  (f.fix ? ` fix ${JSON.stringify(f.fix)}` : '') +
  (f.suggestions ?? []).map((s) => ` | ${s.desc} ${JSON.stringify(s.fix)}`).join('');

/** A volint fix as ESLint reports one: its edits joined into one (fixer edits of one fix are merged so). */
const asEslint = (text: string, fix: Fix): Edit => ({ range: fixSpan(fix), text: editedSpan(text, fix.edits) });

/** A volint finding as the ESLint plugin reports it: related locations in the message, an unsafe fix as a suggestion. */
function expectedRow(m: LintMessage, text: string): string {
  if (m.fatal) return row({ ruleId: m.ruleId, line: m.line, column: m.column, severity: m.severity, fatal: true, message: `Parsing error: ${m.message}` });
  const unsafe = m.fix?.applicability === 'unsafe' ? [{ desc: UNSAFE_FIX_DESC, fix: asEslint(text, m.fix) }] : [];
  return row({
    ...m,
    message: m.message + relatedText(m.relatedLocations ?? []),
    fix: m.fix?.applicability === 'safe' ? asEslint(text, m.fix) : undefined,
    suggestions: [...unsafe, ...(m.suggestions ?? []).map((s) => ({ desc: s.desc, fix: asEslint(text, s.fix) }))],
  });
}

const noBom = (text: string | undefined): string | undefined => text?.replace(/^\uFEFF/, '');

describe.skipIf(!hasCorpus)('ESLint over a seeded corpus sample', () => {
  warnIfNoCorpus('the ESLint corpus comparison');

  it('reports what the volint CLI reports and fixes the text as volint --fix does', async () => {
    // Both tools name files by the path they were given or its real path: compare real paths.
    const root = realpathSync(CORPUS);
    const key = (file: string): string => path.relative(root, realpathSync(path.resolve(CORPUS, file)));
    const volintJson = (args: string[]): Map<string, LintResult> => {
      const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli/volint.cjs'), '--format', 'json', ...args], {
        cwd: CORPUS,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(run.stderr).toBe('');
      return new Map((JSON.parse(run.stdout) as LintResult[]).map((r) => [key(r.filePath), r]));
    };

    // The sample: every file `volint .` finds something in (few: the corpus is mostly right), and a seeded draw of
    // the others, half of them files that mention VOLUME.
    const whole = volintJson(['.']);
    const rank = (name: string): string => createHash('sha1').update(`volint-eslint-sample:${name}`).digest('hex');
    const names = [...whole.keys()].sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
    const withFindings = names.filter((n) => (whole.get(n)?.messages.length ?? 0) > 0);
    const clean = names.filter((n) => whole.get(n)?.messages.length === 0);
    const texts = new Map(corpusTexts().map((t) => [t.name, t.text]));
    const mentionsVolume = new Set([...texts].filter(([, text]) => /volume/i.test(text)).map(([name]) => name));
    const sample = [
      ...withFindings,
      ...clean.filter((n) => mentionsVolume.has(n)).slice(0, OTHERS / 2),
      ...clean.filter((n) => !mentionsVolume.has(n)).slice(0, OTHERS / 2),
    ];
    expect(withFindings.length).toBeGreaterThan(10);

    const eslintResults = async (fix: boolean): Promise<Map<string, ESLint.LintResult>> => {
      const eslint = new ESLint({ cwd: CORPUS, overrideConfigFile: true, overrideConfig: [volint.configs.recommended], fix });
      return new Map((await eslint.lintFiles(sample)).map((r) => [key(r.filePath), r]));
    };

    let findings = 0;
    let fixed = 0;
    let unsafe = 0;
    const differences: string[] = [];
    for (const fix of [false, true]) {
      const cli = fix ? volintJson(['--fix-dry-run', ...sample]) : whole;
      const eslint = await eslintResults(fix);
      for (const name of sample) {
        const expected = cli.get(name);
        const actual = eslint.get(name);
        if (!expected || !actual) {
          differences.push(`${name}: missing from ${expected ? 'ESLint' : 'the CLI'}`);
          continue;
        }
        // With fixing, both report the findings left in the fixed text.
        // Fix ranges refer to the text the findings are about: the fixed text when fixing.
        const text = noBom(expected.output) ?? texts.get(name) ?? '';
        const fromCli = expected.messages.map((m) => expectedRow(m, text));
        const fromEslint = actual.messages.map((m) => row({ ...m, ruleId: m.ruleId?.replace(/^volint\//, '') ?? null }));
        if (JSON.stringify(fromEslint) !== JSON.stringify(fromCli)) {
          differences.push(`${name}${fix ? ' (fixed)' : ''}:\n  eslint: ${fromEslint.join('\n          ')}\n  volint: ${fromCli.join('\n          ')}`);
        }
        if (noBom(actual.output) !== noBom(expected.output)) differences.push(`${name}: the fixed text differs`);
        if (!fix) findings += fromCli.length;
        if (!fix) unsafe += expected.messages.filter((m) => m.fix?.applicability === 'unsafe').length;
        if (fix && expected.output !== undefined) fixed++;
      }
    }
    expect(differences).toEqual([]);
    // The sample exercises the comparison: findings, files the fixes change, and unsafe fixes that ESLint offers as
    // suggestions (5 corpus files have a safe fix; 4 have only an unsafe one, their base image's USER being unknown).
    expect(findings).toBeGreaterThan(20);
    expect(fixed).toBeGreaterThan(3);
    expect(unsafe).toBeGreaterThan(2);
  });
});
