#!/usr/bin/env node
// volint's benchmark: corpus throughput next to dockerfilelint and dockerfile-utils, whole-process time for one
// typical Dockerfile next to `node -e 0`, peak memory, and generated large inputs that show how cost grows.
// Every figure is the median of several runs, each in a fresh process.
//
//   npm run build && npm run bench -- [--runs 3] [--spawns 21] [--corpus DIR] [--skip-peers] [--json FILE]
//                                      [--only corpus,startup,large,many-findings]
// The many-findings section checks a memory bound: the bench exits 1 when the largest input goes over it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installTools } from '../.ci/install-tools.mjs';
import { LARGE_INPUTS, MANY_FINDINGS_MAX_RSS_MB, MANY_FINDINGS_LINES, manyFindings, manyFindingsCount } from './inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    spawns: { type: 'string', default: '21' },
    corpus: { type: 'string', default: path.resolve(root, '../shared/corpus/dockerfiles') },
    'skip-peers': { type: 'boolean', default: false },
    'large-timeout': { type: 'string', default: '120' },
    json: { type: 'string' },
    only: { type: 'string' },
  },
});
const RUNS = Number(opts.runs);
const SPAWNS = Number(opts.spawns);
const PEERS = opts['skip-peers'] ? [] : ['dockerfilelint', 'dockerfile-utils'];
// The package's bin (bundled by .ci/bundle-cli.mjs), and the unbundled build it is made from.
const BIN = path.join(root, 'dist/cli/volint.cjs');
const UNBUNDLED = path.join(root, 'dist/src/cli/bin.js');
const MEASURE = path.join(root, 'bench/measure.mjs');
const report = { machine: {}, corpus: null, throughput: [], cli: [], startup: [], large: [], manyFindings: [] };
const SECTIONS = opts.only?.split(',') ?? ['corpus', 'startup', 'large', 'many-findings'];
const wanted = (section) => SECTIONS.includes(section);

if (!existsSync(BIN) || !existsSync(UNBUNDLED)) {
  console.error(`bench: ${path.relative(process.cwd(), BIN)} is missing; run 'npm run build' first.`);
  process.exit(1);
}

if (PEERS.length > 0) installTools(path.join(root, 'bench/peers'));

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (x, digits = 0) => (x === undefined ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const table = (head, rows) => [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

/** Runs `node args` in a fresh process; returns wall time and the JSON line it printed (stdout, or stderr's @@measure). */
function node(args, { timeout } = {}) {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: timeout && timeout * 1000 });
  const ms = performance.now() - start;
  if (child.error?.code === 'ETIMEDOUT' || child.signal) return { ms, timedOut: true };
  const tagged = /@@measure (.*)/.exec(child.stderr ?? '');
  const line = tagged?.[1] ?? child.stdout.trim().split('\n').pop();
  let data;
  try {
    data = JSON.parse(line);
  } catch {
    throw new Error(`bench: node ${args.join(' ')} printed no measurement:\n${child.stderr}`);
  }
  return { ms, ...data };
}

function listFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile()) out.push(full);
  }
  return out.sort();
}

report.machine = { node: process.version, cpus: availableParallelism(), runs: RUNS, spawns: SPAWNS };
console.log(`# volint benchmark\n\nnode ${process.version}, ${report.machine.cpus} cores; medians of ${RUNS} runs (throughput) and ${SPAWNS} spawns (start-up).\n`);

const work = mkdtempSync(path.join(tmpdir(), 'volint-bench-'));
const hasCorpus = wanted('corpus') && existsSync(opts.corpus);
let typical;
if (hasCorpus) {
  const files = listFiles(opts.corpus);
  const list = path.join(work, 'files.txt');
  writeFileSync(list, files.join('\n'));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  report.corpus = { dir: opts.corpus, files: files.length, bytes };

  // Throughput in one process, one thread: the tools compared on the same bytes.
  const rows = [];
  for (const tool of ['volint', 'volint-default-config', ...PEERS]) {
    const runs = Array.from({ length: RUNS }, () => node([MEASURE, 'throughput', tool, list]));
    const ms = median(runs.map((r) => r.ms));
    const entry = { tool, ms, rssMb: median(runs.map((r) => r.maxRssMb)), findings: runs[0].findings, failures: runs[0].failures };
    report.throughput.push(entry);
    rows.push(entry);
  }
  const volint = rows[0].ms;
  console.log(`## Corpus throughput, one process, one thread (${fmt(files.length)} files, ${fmt(bytes / 1e6, 1)} MB)\n`);
  console.log(
    table(
      ['tool', 'time (s)', 'files/s', 'MB/s', 'peak RSS (MB)', 'time vs volint', 'findings'],
      rows.map((r) => [r.tool, fmt(r.ms / 1000, 2), fmt(files.length / (r.ms / 1000)), fmt(bytes / 1e6 / (r.ms / 1000), 2), fmt(r.rssMb), `${fmt(r.ms / volint, 2)}×`, `${fmt(r.findings)}${r.failures ? ` (${r.failures} files threw)` : ''}`]),
    ),
  );
  console.log(
    "\nvolint analyses the shell of every RUN with a volume in scope; `volint` also looks up each file's nearest config file as the CLI does, `volint-default-config` does not.\n",
  );

  // The CLI as users run it: discovery, config files, reporting; cold and with a warm cache.
  const cacheDir = path.join(work, 'cache/');
  const cliRuns = [
    ['volint .', []],
    ['volint --cache . (warm cache)', ['--cache', '--cache-location', cacheDir]],
  ];
  node([MEASURE, 'cli', '--format', 'json', '-o', path.join(work, 'out.json'), '--cache', '--cache-location', cacheDir, opts.corpus]);
  const cliRows = [];
  for (const [name, args] of cliRuns) {
    const runs = Array.from({ length: RUNS }, () => node([MEASURE, 'cli', '--format', 'json', '-o', path.join(work, 'out.json'), ...args, opts.corpus]));
    const entry = { name, ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.maxRssMb)) };
    report.cli.push(entry);
    cliRows.push([name, fmt(entry.ms / 1000, 2), fmt(files.length / (entry.ms / 1000)), fmt(entry.rssMb)]);
  }
  console.log(`## The CLI over the whole corpus, whole process\n`);
  console.log(table(['command', 'time (s)', 'files/s', 'peak RSS (MB)'], cliRows));
  console.log('');

  // The pre-commit case: a real file with a finding, so the full path and the shell grammar are both exercised.
  typical = [path.join(opts.corpus, 'jenkinsci__docker/debian/Dockerfile'), ...files].find((f) => existsSync(f) && /VOLUME/.test(readFileSync(f, 'utf8')));
}
if (wanted('corpus') && !hasCorpus) console.log(`The corpus (${opts.corpus}) is absent: corpus figures are left out.\n`);

if (wanted('startup')) {
  // Start-up: one typical Dockerfile, whole process, spawned in turns with bare node so both see the same machine.
  if (!typical) {
    typical = path.join(work, 'Dockerfile');
    writeFileSync(typical, 'FROM debian:12\nRUN useradd app\nVOLUME /data\nRUN chown app /data\nUSER app\nCMD ["app"]\n');
  }
  const clean = path.join(work, 'clean/Dockerfile');
  mkdirSync(path.dirname(clean), { recursive: true });
  writeFileSync(clean, 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/app\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n');
  const startupCommands = [
    ['node -e 0', ['-e', '0']],
    [`volint ${path.basename(path.dirname(typical))}/Dockerfile (VOLUME, a finding)`, [BIN, typical]],
    ['volint Dockerfile (no volume: fast path)', [BIN, clean]],
    ['volint, unbundled, VOLUME file', [UNBUNDLED, typical]],
    ['volint, unbundled, no-volume file', [UNBUNDLED, clean]],
    ...(PEERS.includes('dockerfilelint') ? [[`dockerfilelint (same file)`, [path.join(root, 'node_modules/dockerfilelint/bin/dockerfilelint'), typical]]] : []),
    ...(PEERS.includes('dockerfile-utils') ? [[`dockerfile-utils lint (same file)`, [path.join(root, 'node_modules/dockerfile-utils/bin/dockerfile-utils'), 'lint', typical]]] : []),
  ];
  const times = startupCommands.map(() => []);
  for (let i = 0; i < SPAWNS; i++) {
    startupCommands.forEach(([, args], k) => {
      const start = performance.now();
      spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
      times[k].push(performance.now() - start);
    });
  }
  const bare = median(times[0]);
  const bareMin = Math.min(...times[0]);
  console.log(`## One Dockerfile, whole process (median and fastest of ${SPAWNS} spawns, in turns)\n`);
  console.log(
    table(
      ['command', 'median (ms)', 'over node -e 0 (ms)', 'fastest (ms)', 'fastest over node\'s fastest (ms)'],
      startupCommands.map(([name], k) => {
        const ms = median(times[k]);
        // The fastest spawn is the one a busy machine disturbed least: on a shared machine it moves less than the median.
        const min = Math.min(...times[k]);
        report.startup.push({ name, ms, overNode: ms - bare, min, minOverNode: min - bareMin });
        return [name, fmt(ms), k === 0 ? '–' : fmt(ms - bare), fmt(min), k === 0 ? '–' : fmt(min - bareMin)];
      }),
    ),
  );
  console.log('');
}

const limit = Number(opts['large-timeout']);
if (wanted('large')) {
  // Large generated inputs: volint's time should double when the input doubles. Peers get a time limit.
  const largeRows = [];
  for (const [index, input] of LARGE_INPUTS.entries()) {
    const row = { name: input.name };
    for (const tool of ['volint', ...PEERS]) {
      const runs = Array.from({ length: tool === 'volint' ? RUNS : 1 }, () => node([MEASURE, 'large', tool, String(index)], { timeout: limit }));
      row[tool] = runs.some((r) => r.timedOut) ? undefined : { ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.maxRssMb)) };
    }
    row.perUnit = row.volint && row.volint.ms / input.amount;
    // Against the row before in the same family, when it is half the size: 2× when linear, 4× when quadratic.
    const before = LARGE_INPUTS[index - 1];
    const previous = before?.family === input.family && before.amount * 2 === input.amount ? report.large.at(-1) : undefined;
    row.ratio = previous?.volint && row.volint ? row.volint.ms / previous.volint.ms : undefined;
    report.large.push(row);
    largeRows.push([
      input.name,
      fmt(row.volint?.ms),
      `${fmt(row.perUnit)} ms per ${input.unit}`,
      row.ratio === undefined ? '–' : `${fmt(row.ratio, 2)}×`,
      fmt(row.volint?.rssMb),
      ...PEERS.map((p) => (row[p] ? fmt(row[p].ms) : `> ${limit} s`)),
    ]);
  }
  console.log('## Large generated inputs (lint time in one process)\n');
  console.log(table(['input', 'volint (ms)', 'volint per unit', 'time vs half the size', 'volint peak RSS (MB)', ...PEERS.map((p) => `${p} (ms)`)], largeRows));
  console.log('');
}

if (wanted('many-findings')) {
  // Many findings in one file: the output and the memory must stay linear in input + findings (one shared fix per
  // VOLUME move). The whole CLI, as CI runs it, for JSON and SARIF; the largest must stay under the memory bound.
  const manyRows = [];
  let boundExceeded = false;
  for (const format of ['json', 'sarif']) {
    let previous;
    for (const lines of MANY_FINDINGS_LINES) {
      const file = path.join(work, `many-${lines}.Dockerfile`);
      if (!existsSync(file)) writeFileSync(file, manyFindings(lines));
      const mb = statSync(file).size / 1e6;
      const out = path.join(work, `many-${lines}.${format}`);
      const runs = Array.from({ length: RUNS }, () => node([MEASURE, 'cli', '--format', format, '-o', out, file], { timeout: limit }));
      const timedOut = runs.some((r) => r.timedOut);
      const entry = {
        format,
        mb,
        findings: manyFindingsCount(lines),
        ms: timedOut ? undefined : median(runs.map((r) => r.ms)),
        rssMb: timedOut ? undefined : Math.max(...runs.map((r) => r.maxRssMb)),
        outputMb: existsSync(out) ? statSync(out).size / 1e6 : undefined,
      };
      report.manyFindings.push(entry);
      const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${fmt(a / b, 2)}×`);
      manyRows.push([
        format,
        `${fmt(mb, 2)} MB`,
        fmt(entry.findings),
        entry.ms === undefined ? `> ${limit} s` : fmt(entry.ms),
        ratio(entry.ms, previous?.ms),
        fmt(entry.rssMb),
        fmt(entry.outputMb, 1),
        ratio(entry.outputMb, previous?.outputMb),
      ]);
      if (lines === MANY_FINDINGS_LINES.at(-1) && !(entry.rssMb <= MANY_FINDINGS_MAX_RSS_MB)) boundExceeded = true;
      previous = entry;
    }
  }
  console.log(`## Many findings in one file (whole CLI; time ratio to the half-size input; bound ${MANY_FINDINGS_MAX_RSS_MB} MB peak RSS for the largest)\n`);
  console.log(table(['format', 'input', 'findings', 'time (ms)', 'time ratio', 'peak RSS (MB)', 'output (MB)', 'output ratio'], manyRows));
  console.log('');
  if (boundExceeded) {
    console.log(`bench: FAILED: the largest many-findings file went over ${MANY_FINDINGS_MAX_RSS_MB} MB peak RSS.\n`);
    process.exitCode = 1;
  }
}

rmSync(work, { recursive: true, force: true });
if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 2));
