import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { mayHaveFindings } from '../../src/engine/fast-path.js';
import { lintBytes } from '../../src/engine/lint-files.js';
import { lintModel, lintText, loadShellAnalysis } from '../../src/engine/linter.js';
import { decodeSource } from '../../src/engine/source.js';
import type { LintResult } from '../../src/rule-api/types.js';
import { lintAndFix } from '../../src/fix/apply.js';
import { buildBaseImageTable } from '../../src/model/base-images.js';
import { buildModel } from '../../src/model/build.js';
import { LineIndex } from '../../src/text/line-index.js';
import { corpusTexts, hasCorpus } from '../helpers/corpus.js';
import { mutate, rng } from './mutate.js';

// `npm run fuzz` runs many more cases: FUZZ_CASES=100000 FUZZ_SEED=7 vitest run test/robustness/fuzz.test.ts.
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20250101);
const PER_TEST = 500;

/** Used when the corpus is absent: small files with the syntax the mutations play with. */
const FALLBACK_SEEDS = [
  'FROM debian:12\nRUN mkdir -p /data && chown 1000 /data\nVOLUME /data\nCMD ["app"]\n',
  'FROM postgres:16\nRUN touch /var/lib/postgresql/data/x\n',
  'ARG BASE=alpine\nFROM $BASE AS build\nVOLUME ["/cache"]\nRUN <<EOF\necho hi > /cache/x\nEOF\nFROM build\nONBUILD RUN rm -rf /cache/*\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nVOLUME C:\\data\nRUN echo hi > C:\\data\\x\n',
  '# syntax=docker/dockerfile:1\nFROM busybox\nVOLUME /data\nCMD ["sleep", "infinity"]\n',
];

const config = DEFAULT_CONFIG;
const options = { filePath: 'Dockerfile', config, rules };
const fileOptions = { rules, configFor: () => config };
const table = buildBaseImageTable(config.baseImages);

/** What is wrong with a result for `text`, if anything. */
function positionProblems(result: LintResult, text: string | undefined): string[] {
  const problems: string[] = [];
  const length = text?.length ?? 0;
  const lines = new LineIndex(text ?? '');
  for (const m of result.messages) {
    const [start, end] = m.range;
    if (!(start >= 0 && start <= end && end <= length)) problems.push(`${m.ruleId ?? 'fatal'}: range ${start}-${end} outside 0-${length}`);
    const at = lines.positionAt(start);
    if (!m.fatal && (m.line !== at.line + 1 || m.column !== at.character + 1)) problems.push(`${m.ruleId ?? ''}: ${m.line}:${m.column} is not offset ${start}`);
    if (m.endLine < m.line || m.line < 1 || m.column < 1) problems.push(`${m.ruleId ?? 'fatal'}: bad line/column ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
    for (const r of m.relatedLocations ?? []) if (r.line < 1 || r.line > lines.lineCount) problems.push(`${m.ruleId ?? ''}: related line ${r.line} outside the text`);
    for (const fix of [m.fix, ...(m.suggestions ?? []).map((s) => s.fix)]) {
      for (const edit of fix?.edits ?? []) {
        const [from, to] = edit.range;
        if (!(from >= 0 && from <= to && to <= length)) problems.push(`${m.ruleId ?? ''}: fix range ${from}-${to} outside the text`);
      }
    }
    if (m.fatal && /Could not parse/.test(m.message)) problems.push(`the model builder threw: ${m.message}`);
  }
  return problems;
}

/** What the cases exercised, printed at the end so that a run that tests little shows it. */
const seen = { cases: 0, fatal: 0, fastPath: 0, withFindings: 0, fixed: 0 };

/** Lints one mutated file every way the CLI can, and says what went wrong. */
async function check(bytes: Uint8Array): Promise<string[]> {
  const result = await lintBytes(bytes, 'Dockerfile', fileOptions);
  const decoded = decodeSource(bytes);
  const text = decoded.ok ? decoded.text : undefined;
  const problems = positionProblems(result, text);
  seen.cases++;
  if (result.fatalErrorCount > 0) seen.fatal++;
  else if (result.messages.length > 0) seen.withFindings++;
  if (text === undefined || text.trim() === '') return problems;

  if (!mayHaveFindings(text, table)) {
    seen.fastPath++;
    const full = lintModel(buildModel(text, { buildArgs: config.buildArgs, baseImages: table }), options);
    if (JSON.stringify(full) !== JSON.stringify(result)) problems.push(`the fast path said "no findings", the full path found ${JSON.stringify(full.messages)}`);
  }
  if (result.fixableErrorCount + result.fixableWarningCount > 0) {
    const fixed = await lintAndFix(text, options, () => true);
    if (fixed.output !== undefined) {
      seen.fixed++;
      const again = await lintText(fixed.output, options);
      problems.push(...positionProblems(again, fixed.output).map((p) => `after --fix: ${p}`));
      if (again.fatalErrorCount > 0) problems.push(`--fix output does not lint: ${again.messages[0]?.message ?? ''}`);
      if (again.fixableErrorCount + again.fixableWarningCount > 0) {
        problems.push(`--fix output still has fixable findings: ${again.messages.filter((m) => m.fix).map((m) => m.ruleId).join(', ')}`);
      }
    }
  }
  return problems;
}

describe('fuzzing with mutated Dockerfiles', () => {
  let seeds: string[];
  beforeAll(async () => {
    await loadShellAnalysis();
    if (!hasCorpus) console.warn('Fuzzing mutates built-in seed files: the corpus is absent.');
    seeds = hasCorpus ? corpusTexts().map((c) => c.text) : FALLBACK_SEEDS;
  });
  afterAll(() => {
    console.log(
      `fuzz: ${seen.cases} cases (seed ${SEED}): ${seen.fatal} not lintable (binary, empty, bad encoding), ${seen.withFindings} with findings, ` +
        `${seen.fastPath} answered by the fast path and checked against the full one, ${seen.fixed} fixed and re-linted`,
    );
  });

  for (let first = 0; first < CASES; first += PER_TEST) {
    const last = Math.min(CASES, first + PER_TEST);
    it(`survives cases ${first} to ${last - 1} (seed ${SEED})`, async () => {
      const failures: string[] = [];
      for (let n = first; n < last; n++) {
        const r = rng(SEED * 7919 + n);
        const source = r.pick(seeds);
        const { bytes, applied } = mutate(source, r);
        let problems: string[];
        try {
          problems = await check(bytes);
        } catch (error) {
          problems = [`threw ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(error)}`];
        }
        // FUZZ_SEED and the case number reproduce a failure: mutate(seeds[...], rng(SEED * 7919 + n)).
        if (problems.length > 0) failures.push(`case ${n} (${applied.join(', ')}): ${problems.join('; ')}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
