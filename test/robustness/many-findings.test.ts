import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyFindings, manyFindingsCount } from '../../bench/inputs.mjs';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { lintFiles } from '../../src/engine/lint-many.js';
import type { LintResult } from '../../src/rule-api/types.js';
import { loadFormatter } from '../../src/report/formats.js';

/**
 * The file of issue 12: one RUN of 2.5 MB whose 40,000 lines make 120,000 findings, all repaired by one VOLUME move.
 * Each finding's fix used to hold the whole RUN, so the output grew with findings × size and the run died. Here it
 * is linted once, as the CLI lints a file, and must come out of the JSON and SARIF formats complete and correct, with
 * output linear in input + findings. Time and memory are the bench's (`npm run bench -- --only many-findings` runs
 * the whole CLI and checks a memory bound), not this test's. About 15 s on a quiet 2-core machine.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'volint-many-'));
const text = manyFindings(40_000);
const findings = manyFindingsCount(40_000);
/** Output bytes allowed per finding: the message, its location, related location and two small edits. */
const PER_FINDING = 2000;
let results: LintResult[] = [];

beforeAll(async () => {
  const file = path.join(dir, 'Dockerfile');
  writeFileSync(file, text);
  results = await lintFiles([file], { rules, configFor: () => DEFAULT_CONFIG });
}, 300_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function format(name: string): Promise<string> {
  const output = (await loadFormatter(name))(results, { cwd: dir, rules: new Map(rules.map((r) => [r.meta.id, r.meta])), version: '0.0.0', color: false });
  expect(output.length).toBeLessThan(text.length + findings * PER_FINDING);
  return output;
}

describe('a 2.5 MB RUN with 120,000 findings', () => {
  it('comes out complete in JSON, each finding with the one small shared move fix', async () => {
    const [result, ...others] = JSON.parse(await format('json')) as LintResult[];
    expect(others).toEqual([]);
    expect(result?.messages.length).toBe(findings);
    expect(result?.fatalErrorCount).toBe(0);
    expect(new Set(result?.messages.map((m) => JSON.stringify(m.fix))).size).toBe(1);
    const fix = result?.messages[0]?.fix;
    expect(fix?.applicability).toBe('safe');
    expect(fix?.edits.map((e) => e.text)).toEqual(['RUN mkdir -p /data\n', 'VOLUME /data\n']);
  });

  it('comes out complete in SARIF, each result with two small replacements', async () => {
    const log = JSON.parse(await format('sarif')) as Log;
    const sarifResults = log.runs[0]?.results ?? [];
    expect(sarifResults.length).toBe(findings);
    expect(log.runs[0]?.invocations?.[0]?.executionSuccessful).toBe(true);
    for (const r of [sarifResults[0], sarifResults.at(-1)]) {
      const replacements = r?.fixes?.[0]?.artifactChanges[0]?.replacements ?? [];
      expect(replacements.map((x) => x.insertedContent?.text)).toEqual(['RUN mkdir -p /data\n', 'VOLUME /data\n']);
    }
  });
});
