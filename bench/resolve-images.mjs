#!/usr/bin/env node
// What --resolve-images costs once its cache is warm: the whole corpus linted by the CLI without it, and with
// `--resolve-images --offline` over a cache that holds a config for every FROM image of the corpus (each built from
// volint's shipped facts for that image, so that the findings stay comparable). Each run is a fresh process; the
// cache lives in a temporary folder.
// On the 2-core virtual machines volint is developed on, one run's time moves by ±15% from run to run, idle or not,
// so the time figures are rounds of one run each way, back to back in alternating order, summed up by the median of
// the per-round differences and its bootstrap 90% interval. `--instructions` also counts the instructions of one run
// each way under valgrind (callgrind; ~5 minutes a run) with V8's --predictable (one thread, so that compiles and GC
// run in the program's own order). The run without the option then counts the same to 0.1%; the run with it has
// counted either ~19.5 G or ~21 G (the higher on a loaded machine), for reasons not found yet.
//
//   npm run build && node bench/resolve-images.mjs [--runs 15] [--corpus DIR] [--instructions]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    corpus: { type: 'string', default: path.resolve(root, '../shared/corpus/dockerfiles') },
    instructions: { type: 'boolean', default: false },
  },
});
const BIN = path.join(root, 'dist/cli/volint.cjs');
const load = (rel) => import(pathToFileURL(path.join(root, 'dist', rel)).href);
const { scanFroms } = await load('src/engine/fast-path.js');
const { ImageCache } = await load('src/registry/cache.js');
const { defaultBaseImageTable } = await load('src/model/base-images.js');
const { formatPlatform, hostPlatform } = await load('src/registry/platform.js');
const { fromImagesOf, parseForModel } = await load('src/model/build.js');

/** The FROM images of a file, from the scan, or from a parse where the scan cannot read the FROMs (as the linter does). */
function images(text) {
  const scanned = scanFroms(text);
  if (scanned) return scanned.images;
  try {
    return fromImagesOf(parseForModel(text));
  } catch {
    return [];
  }
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

let files;
try {
  files = walk(opts.corpus);
} catch {
  console.error(`No corpus at ${opts.corpus}; nothing to measure.`);
  process.exit(0);
}

// Seed the cache: every FROM image the shipped facts know gets a config that says the same, so that both runs build
// the same models and the difference is what resolution costs. Images volint does not know stay out of the cache (a
// real config would make them known and change the analysis); offline, each is a cache miss and a warning.
const cacheDir = mkdtempSync(path.join(tmpdir(), 'volint-bench-images-'));
const cache = new ImageCache(path.join(cacheDir));
const table = defaultBaseImageTable();
const requests = new Map();
for (const file of files) {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  for (const r of images(text)) requests.set(`${r.ref}\n${r.platform ?? ''}`, r);
}
let seeded = 0;
for (const { ref, platform } of requests.values()) {
  const facts = table.lookup(ref);
  if (!facts?.complete) continue;
  const config = {
    Env: facts ? [...facts.env].filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`) : [],
    WorkingDir: facts?.workdir === '/' ? '' : (facts?.workdir ?? ''),
    User: facts?.user === 'root' ? '' : (facts?.user ?? ''),
    Volumes: Object.fromEntries((facts?.volumes ?? []).map((v) => [v.path, {}])),
  };
  const digest = `sha256:${String(seeded).padStart(64, '0')}`;
  await cache.writeConfig(digest, config);
  await cache.writeRef(ref, platform ?? formatPlatform(hostPlatform()), { digest, checked: Date.now(), from: 'bench' });
  seeded++;
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** One CLI run over the corpus: wall time, and CPU time (user + system, from /usr/bin/time). */
function run(args) {
  const start = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '@@cpu %U %S', process.execPath, BIN, '--format', 'json', ...args, opts.corpus], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, VOLINT_CACHE_DIR: cacheDir },
  });
  const ms = performance.now() - start;
  if (child.status !== 0 && child.status !== 1) throw new Error(`volint failed: ${child.stderr}`);
  const [, user, system] = /@@cpu (\S+) (\S+)/.exec(child.stderr) ?? [];
  return { ms, cpu: (Number(user) + Number(system)) * 1000, findings: JSON.parse(child.stdout).reduce((n, r) => n + r.messages.length, 0), warnings: child.stderr.match(/cannot resolve image .*/g) ?? [] };
}

const WITH = ['--resolve-images', '--offline'];
const without = [];
const withCache = [];
for (let i = 0; i < Number(opts.runs); i++) {
  // Alternating which side goes first, so that neither always runs on the other's warm page cache.
  if (i % 2 === 0) {
    without.push(run([]));
    withCache.push(run(WITH));
  } else {
    withCache.push(run(WITH));
    without.push(run([]));
  }
}

/** Bootstrap 90% interval of the median of `xs` (a fixed seed: the same runs give the same interval). */
function interval(xs) {
  // mulberry32
  let seed = 1;
  const random = () => {
    let t = (seed = (seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const medians = [];
  for (let b = 0; b < 2000; b++) medians.push(median(xs.map(() => xs[Math.floor(random() * xs.length)])));
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(medians.length * 0.05)], medians[Math.floor(medians.length * 0.95)]];
}
const percent = (x, base) => `${((x / base) * 100).toFixed(1)}%`;
const show = (label, key) => {
  const base = median(without.map((r) => r[key]));
  const other = median(withCache.map((r) => r[key]));
  const differences = without.map((r, i) => withCache[i][key] - r[key]);
  const [low, high] = interval(differences);
  console.log(
    `${label}: ${base.toFixed(0)} ms without, ${other.toFixed(0)} ms with a warm cache (medians); per round, median ${percent(median(differences), base)} more, 90% interval ${percent(low, base)} to ${percent(high, base)}`,
  );
};
console.log(`files: ${files.length}, FROM images seeded in the cache: ${seeded}; ${without.length} rounds`);
show('wall time', 'ms');
show('CPU time ', 'cpu');
console.log(`findings: ${without.at(-1).findings} without, ${withCache.at(-1).findings} with; ${withCache.at(-1).warnings.length} images not in the cache (warned once each)`);
if (opts.instructions) {
  /** Instructions of one CLI run (user space, every thread), as callgrind counts them. */
  const count = (args) => {
    const child = spawnSync(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, '--predictable', BIN, '--format', 'json', ...args, opts.corpus],
      { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, VOLINT_CACHE_DIR: cacheDir } },
    );
    const collected = /Collected : (\d+)/.exec(child.stderr ?? '');
    if (!collected) throw new Error(`valgrind gave no count (is it installed?): ${child.error?.message ?? child.stderr}`);
    return Number(collected[1]);
  };
  const a = count([]);
  const b = count(WITH);
  console.log(`instructions (V8 --predictable): ${(a / 1e9).toFixed(2)} G without, ${(b / 1e9).toFixed(2)} G with a warm cache: ${percent(b - a, a)} more`);
}
rmSync(cacheDir, { recursive: true, force: true });
