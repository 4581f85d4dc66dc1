import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Log } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { manyFindings, manyFindingsCount } from '../../bench/inputs.mjs';
import type { LintResult } from '../../src/engine/types.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * The file of issue 12: one RUN of 2.4 MB whose 40,000 lines make 120,000 findings, all repaired by one VOLUME move.
 * Each finding's fix used to hold the whole RUN, so the output grew with findings × size and the run died. Here it
 * must complete in JSON and SARIF and stay correct, with output linear in input + findings. Time and memory are
 * the bench's (`npm run bench -- --only many-findings`, which checks a memory bound), not this test's.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'volint-many-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const text = manyFindings(40_000);
const file = path.join(dir, 'Dockerfile');
writeFileSync(file, text);
const findings = manyFindingsCount(40_000);
/** Output bytes allowed per finding: the message, its location, related location and two small edits. */
const PER_FINDING = 2000;

async function run(format: string): Promise<{ output: string; code: number }> {
  const out = path.join(dir, `out.${format}`);
  const bin = path.join(repoRoot, 'dist/cli/volint.cjs');
  const code = await promisify(execFile)(process.execPath, [bin, '--format', format, '-o', out, file], { cwd: dir }).then(
    () => 0,
    (error: unknown) => (error as { code?: number }).code ?? -1,
  );
  expect(statSync(out).size).toBeLessThan(text.length + findings * PER_FINDING);
  return { output: readFileSync(out, 'utf8'), code };
}

describe('a 2.5 MB RUN with 120,000 findings', () => {
  it('completes in JSON, each finding with the one small shared move fix', { timeout: 300_000 }, async () => {
    const { output, code } = await run('json');
    expect(code).toBe(1);
    const [result, ...others] = JSON.parse(output) as LintResult[];
    expect(others).toEqual([]);
    expect(result?.messages.length).toBe(findings);
    expect(result?.fatalErrorCount).toBe(0);
    const fixes = new Set(result?.messages.map((m) => JSON.stringify(m.fix)));
    expect(fixes.size).toBe(1);
    const [fix] = result?.messages.map((m) => m.fix) ?? [];
    expect(fix?.applicability).toBe('safe');
    expect(fix?.edits.map((e) => e.text)).toEqual(['RUN mkdir -p /data\n', 'VOLUME /data\n']);
  });

  it('completes in SARIF, each result with two small replacements', { timeout: 300_000 }, async () => {
    const { output, code } = await run('sarif');
    expect(code).toBe(1);
    const log = JSON.parse(output) as Log;
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBe(findings);
    expect(log.runs[0]?.invocations?.[0]?.executionSuccessful).toBe(true);
    for (const r of [results[0], results.at(-1)]) {
      const replacements = r?.fixes?.[0]?.artifactChanges[0]?.replacements ?? [];
      expect(replacements.map((x) => x.insertedContent?.text)).toEqual(['RUN mkdir -p /data\n', 'VOLUME /data\n']);
    }
  });
});
