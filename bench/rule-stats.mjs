#!/usr/bin/env node
// Findings per rule over the Dockerfile corpus, and a reproducible random sample of findings to judge by hand.
//
//   npm run build && node bench/rule-stats.mjs [--seed 1] [--sample 20] [--rule ID] [--builder portable]
//                                              [--corpus DIR] [--dist DIR]
//
// Counts are given three ways because the corpus holds large generated families (see its README): raw findings,
// findings in distinct files (by sha256), and repositories with at least one finding.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    sample: { type: 'string', default: '20' },
    rule: { type: 'string' },
    builder: { type: 'string', default: 'portable' },
    corpus: { type: 'string', default: path.resolve(root, '../shared/corpus') },
    dist: { type: 'string', default: path.join(root, 'dist') },
  },
});

const load = (rel) => import(pathToFileURL(path.join(opts.dist, rel)).href);
const { rules } = await load('rules/index.js');
const { lintFile } = await load('src/engine/lint-files.js');
const { DEFAULT_CONFIG } = await load('src/config/types.js');

const corpus = path.resolve(opts.corpus);
const dockerfiles = path.join(corpus, 'dockerfiles');
let files;
try {
  files = manifest(corpus);
} catch {
  console.error(`No corpus at ${corpus} (expected dockerfiles/ and MANIFEST.tsv); nothing to measure.`);
  process.exit(0);
}

/** Rows of MANIFEST.tsv: repo, path (relative to the corpus), sha256; falls back to a walk without hashes. */
function manifest(dir) {
  try {
    const lines = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
    return lines.map((line) => {
      const [repo, , rel, sha256] = line.split('\t');
      return { repo, rel, sha256 };
    });
  } catch {
    statSync(dockerfiles);
    const out = [];
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else {
          const rel = path.relative(dir, full);
          out.push({ repo: rel.split(path.sep)[1].replace('__', '/'), rel, sha256: rel });
        }
      }
    };
    walk(dockerfiles);
    return out;
  }
}

const config = { ...DEFAULT_CONFIG, builder: opts.builder };
const stats = new Map(rules.map((r) => [r.meta.id, { findings: 0, distinct: new Set(), files: new Set(), repos: new Set() }]));
const all = [];
let fatal = 0;
const started = performance.now();
for (const f of files) {
  const abs = path.join(corpus, f.rel);
  const result = await lintFile(abs, { rules, configFor: () => config });
  for (const m of result.messages) {
    if (m.fatal) {
      fatal++;
      continue;
    }
    const s = stats.get(m.ruleId);
    if (!s) continue;
    s.findings++;
    s.distinct.add(`${f.sha256}:${m.line}:${m.column}`);
    s.files.add(f.rel);
    s.repos.add(f.repo);
    all.push({ rel: f.rel, message: m, source: result.source ?? '' });
  }
}
const seconds = (performance.now() - started) / 1000;

console.log(`volint rule stats: ${files.length} files, builder ${opts.builder}, ${seconds.toFixed(1)} s, ${fatal} fatal (unlintable) files\n`);
console.log(`${'rule'.padEnd(34)} ${'findings'.padStart(8)} ${'distinct'.padStart(8)} ${'files'.padStart(6)} ${'repos'.padStart(6)}`);
for (const [id, s] of stats) {
  console.log(`${id.padEnd(34)} ${String(s.findings).padStart(8)} ${String(s.distinct.size).padStart(8)} ${String(s.files.size).padStart(6)} ${String(s.repos.size).padStart(6)}`);
}

// Ranked by a hash of the seed and the finding's place: `--seed N` always draws the same sample from the same results.
const rank = (x) => createHash('sha256').update(`${opts.seed}:${x.rel}:${x.message.line}:${x.message.column}:${x.message.ruleId}`).digest('hex');
const pool = all
  .filter((x) => opts.rule === undefined || x.message.ruleId === opts.rule)
  .map((x) => ({ x, key: rank(x) }))
  .sort((a, b) => (a.key < b.key ? -1 : 1))
  .map(({ x }) => x);
const sample = pool.slice(0, Number(opts.sample));
console.log(`\nSample of ${sample.length} of ${pool.length} findings${opts.rule ? ` of ${opts.rule}` : ''} (seed ${opts.seed}):\n`);
sample.forEach(({ rel, message: m, source }, k) => {
  const line = source.split(/\r\n|\r|\n/)[m.line - 1] ?? '';
  console.log(`${String(k + 1).padStart(2)}. ${path.relative('dockerfiles', rel)}:${m.line}:${m.column}  ${m.ruleId}`);
  console.log(`    | ${line.trim().slice(0, 160)}`);
  console.log(`    ${m.message.slice(0, 220)}${m.message.length > 220 ? '…' : ''}\n`);
});
