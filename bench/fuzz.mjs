#!/usr/bin/env node
// The long fuzz run: the fuzz test of test/robustness/fuzz.test.ts with many more cases than CI runs.
//
//   npm run fuzz -- [--cases 100000] [--seed 20250101]
//
// A failure names its case number; the same --seed and the case number reproduce it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
  },
});
console.log(`fuzz: ${opts.cases} cases, seed ${opts.seed}`);
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', 'test/robustness/fuzz.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_CASES: opts.cases, FUZZ_SEED: opts.seed },
});
process.exit(run.status ?? 1);
