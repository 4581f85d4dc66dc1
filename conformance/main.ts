/*
 * The conformance suite: builds every case with a real builder (Buildah 1.28, classic volume semantics) as written
 * and without its VOLUMEs, turns the differences into ground truth, and compares volint --builder classic with it.
 * Design and reading of the results: docs/conformance.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exec, Store } from './buildah.js';
import { createBaseImages, makeRootfs } from './base-images.js';
import type { Case } from './cases.js';
import { contextFor, fixtureCases } from './fixtures.js';
import { generateCases, DEFAULT_SEED } from './generate.js';
import { parseCase, type ParsedCase } from './instrument.js';
import { explain, keyOf, readKnown } from './known.js';
import { runVariant, writeContext, type PreparedCase, type VariantResult } from './runner.js';
import type { Snapshot } from './snapshot.js';
import { printTables } from './table.js';
import { SNAP } from './scripts.js';
import { caseTruth } from './truth.js';
import { caseVerdict, fixVerdict, type CaseVerdict, type Disagreement, type Finding } from './verdict.js';

const ROOT = resolve(import.meta.dirname, '../..');
const VOLINT = join(ROOT, 'dist/cli/volint.cjs');

interface Options {
  seed: number;
  count: number;
  fixtures: boolean;
  files: string[];
  keep: boolean;
  batch: number;
  verbose: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    seed: Number(process.env.CONFORMANCE_SEED ?? DEFAULT_SEED),
    count: Number(process.env.CONFORMANCE_COUNT ?? 500),
    fixtures: true,
    files: [],
    keep: false,
    batch: 60,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = (): string => argv[++i] ?? '';
    if (a === '--seed') opts.seed = Number(value());
    else if (a === '--count') opts.count = Number(value());
    else if (a === '--no-fixtures') opts.fixtures = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--batch') opts.batch = Number(value());
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') {
      console.log(`npm run conformance [-- options] [Dockerfile...]
  --seed N        generator seed (default ${DEFAULT_SEED}, or CONFORMANCE_SEED)
  --count N       generated cases (default 500, or CONFORMANCE_COUNT; 0 for none)
  --no-fixtures   do not build the fixtures
  --batch N       cases per buildah build (default 60)
  --keep          keep the work directory (Dockerfiles, logs, stores)
  --verbose       list every disagreement, accepted ones too
Dockerfiles given on the command line are built instead of the fixtures.`);
      process.exit(0);
    } else if (a.startsWith('-')) {
      console.error(`conformance: unknown option ${a}`);
      process.exit(2);
    } else opts.files.push(resolve(a));
  }
  if (!Number.isInteger(opts.seed) || !Number.isInteger(opts.count) || opts.count < 0) {
    console.error('conformance: --seed and --count take integers');
    process.exit(2);
  }
  return opts;
}

interface LintOutput {
  filePath: string;
  messages: Finding[];
  output?: string;
}

async function lint(dir: string, fix: boolean): Promise<Map<string, LintOutput>> {
  const args = [VOLINT, '--builder', 'classic', '--format', 'json', ...(fix ? ['--fix-dry-run', '--unsafe-fixes'] : []), dir];
  const r = await exec(process.execPath, args);
  if (r.code === 2 || !r.stdout.trim().startsWith('[')) throw new Error(`volint failed (${r.code}): ${r.stderr || r.stdout}`);
  const results = JSON.parse(r.stdout) as LintOutput[];
  return new Map(results.map((x) => [x.filePath, x]));
}

async function preflight(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the conformance suite builds images with Buildah as root (chroot isolation); run it as root');
  const r = await exec('buildah', ['--version']).catch(() => undefined);
  if (!r || r.code !== 0) throw new Error('buildah is not installed (Debian: apt-get install buildah busybox-static)');
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  await preflight();
  const work = mkdtempSync(join(tmpdir(), 'volint-conformance-'));
  try {
    return await runSuite(opts, work, started);
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
}

function readCaseFiles(files: string[]): Case[] {
  return files.map((f, i) => {
    const text = readFileSync(f, 'utf8');
    return { id: `u${i}`, name: f, text, origin: 'fixture', classes: new Map(), context: contextFor(text, `u${i}`) };
  });
}

async function runSuite(opts: Options, work: string, started: number): Promise<number> {
  const cases: Case[] = [];
  if (opts.files.length) cases.push(...readCaseFiles(opts.files));
  else if (opts.fixtures) cases.push(...fixtureCases(ROOT));
  cases.push(...generateCases(opts.seed, opts.count));

  // volint's view, and its fixes, for every case: one run each over a directory of all cases.
  const caseDir = join(work, 'cases');
  mkdirSync(caseDir, { recursive: true });
  const pathOf = (c: Case): string => join(caseDir, `${c.id}.Dockerfile`);
  // The findings are compared with ignore comments switched off (a suppressed finding is still volint's belief); the
  // fixes are made on the text as written, as a user would run --fix.
  const verdictDir = join(work, 'cases-unignored');
  mkdirSync(verdictDir, { recursive: true });
  for (const c of cases) {
    writeFileSync(pathOf(c), c.text);
    writeFileSync(join(verdictDir, `${c.id}.Dockerfile`), c.text.replace(/^(\s*#\s*)volint(\s+(?:global\s+)?ignore\s*=)/gim, '$1volint-conformance-off$2'));
  }
  const t0 = performance.now();
  const linted = new Map([...(await lint(verdictDir, false))].map(([file, r]) => [file.replace(verdictDir, caseDir), r]));
  const fixed = await lint(caseDir, true);
  const lintSeconds = (performance.now() - t0) / 1000;

  const parsed = new Map<string, ParsedCase>();
  const unusable: { c: Case; why: string }[] = [];
  const images = new Set<string>();
  let heredocs = 0;
  for (const c of cases) {
    const p = parseCase(c.text);
    if (p.unusable) {
      unusable.push({ c, why: p.unusable });
      continue;
    }
    // Buildah 1.28 has no heredoc support: the first such case is built (to show it), the others are counted.
    if (p.heredoc && heredocs++ > 0) {
      unusable.push({ c, why: 'Dockerfile heredoc' });
      continue;
    }
    parsed.set(c.id, p);
    for (const img of p.images) images.add(img);
  }
  const fixedCases: PreparedCase[] = [];
  for (const c of cases) {
    const out = fixed.get(pathOf(c))?.output;
    if (out === undefined || out === c.text || !parsed.has(c.id)) continue;
    const p = parseCase(out);
    if (p.unusable) continue;
    for (const img of p.images) images.add(img);
    fixedCases.push({ c: { ...c, text: out }, parsed: p });
  }

  // Two stores: base images that declare their upstream volumes (as written, fixed), and the same without (neutral).
  const rootfs = join(work, 'rootfs');
  await makeRootfs(rootfs);
  // The builds as written and neutral cost the most: two stores share each one's batches, so that both cores stay busy
  // until the end rather than one build finishing alone.
  const storeW = new Store(join(work, 'store-w'), join(work, 'run-w'));
  const storeW2 = new Store(join(work, 'store-w2'), join(work, 'run-w2'));
  const storeN = new Store(join(work, 'store-n'), join(work, 'run-n'));
  const storeN2 = new Store(join(work, 'store-n2'), join(work, 'run-n2'));
  const storeF = new Store(join(work, 'store-f'), join(work, 'run-f'));
  const tb = performance.now();
  const snapScript = join(work, 'snap');
  writeFileSync(snapScript, SNAP);
  const baseSnapshots = new Map<string, Snapshot>();
  await Promise.all([
    createBaseImages(storeW, rootfs, images, true, baseSnapshots, snapScript),
    createBaseImages(storeW2, rootfs, images, true),
    createBaseImages(storeN, rootfs, images, false),
    createBaseImages(storeN2, rootfs, images, false),
    fixedCases.length ? createBaseImages(storeF, rootfs, images, true) : Promise.resolve(),
  ]);
  const baseSeconds = (performance.now() - tb) / 1000;
  const context = join(work, 'context');
  writeContext(context, cases);

  const prepared: PreparedCase[] = cases.filter((c) => parsed.has(c.id)).map((c) => ({ c, parsed: parsed.get(c.id) as ParsedCase }));
  const [written, neutral, fixedResult] = await Promise.all([
    runVariant([storeW, storeW2], 'written', prepared, work, context, opts.batch, baseSnapshots),
    runVariant([storeN, storeN2], 'neutral', prepared, work, context, opts.batch, baseSnapshots),
    runVariant([storeF], 'fixed', fixedCases, work, context, opts.batch, baseSnapshots),
  ]);

  const verdicts: { c: Case; v: CaseVerdict }[] = [];
  const disagreements: Disagreement[] = [];
  let notBuildable = 0;
  let writtenOnly = 0;
  let neutralOnly = 0;
  let lossesTotal = 0;
  let fixChecked = 0;
  const fixedById = new Map(fixedCases.map((f) => [f.c.id, f]));
  for (const c of cases) {
    const p = parsed.get(c.id);
    if (!p) continue;
    const truth = caseTruth(c.id, p, written, neutral);
    if (!truth.builtWritten && !truth.builtNeutral && truth.stopAt === undefined) notBuildable++;
    else if (!truth.builtWritten && truth.builtNeutral) neutralOnly++;
    else if (truth.builtWritten && !truth.builtNeutral) writtenOnly++;
    lossesTotal += truth.losses.length;
    const findings = linted.get(pathOf(c))?.messages ?? [];
    const v = caseVerdict(c, p, truth, findings);
    verdicts.push({ c, v });
    disagreements.push(...v.disagreements);
    const f = fixedById.get(c.id);
    if (f) {
      const fixedTruth = fixedOutcome(c.id, f.parsed, fixedResult);
      fixChecked++;
      disagreements.push(...fixVerdict(c, p, truth, findings, fixedTruth.built, fixedTruth.failure, fixedTruth.finals));
    }
    if (opts.verbose && truth.failures.length) console.log(`  ${c.name}: ${truth.failures.join('; ')}`);
  }
  const known = readKnown(join(ROOT, 'docs/volume-semantics.md'));
  for (const d of disagreements) d.known = explain(d, known);
  const unexplained = disagreements.filter((d) => d.known === undefined);

  printTables(verdicts.map((x) => x.v), disagreements);
  console.log('');
  console.log(`cases: ${cases.length} (${cases.filter((c) => c.origin === 'fixture').length} fixtures, ${cases.filter((c) => c.origin === 'generated').length} generated, seed ${opts.seed})`);
  console.log(`not buildable either way: ${notBuildable}; only as written: ${writtenOnly}; only without VOLUME: ${neutralOnly}; not built: ${unusable.length}${unusable.length ? ' (' + summarizeWhy(unusable.map((u) => u.why)) + ')' : ''}`);
  console.log(`lost changes observed: ${lossesTotal}; fixed files built: ${fixChecked}`);
  console.log(`time: lint ${lintSeconds.toFixed(1)} s, base images ${baseSeconds.toFixed(1)} s, builds ${written.seconds.toFixed(0)}/${neutral.seconds.toFixed(0)}/${fixedResult.seconds.toFixed(0)} s (as written/neutral/fixed, ${written.builds + neutral.builds + fixedResult.builds} buildah runs), total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const accepted = disagreements.length - unexplained.length;
  const list = opts.verbose ? disagreements : unexplained;
  if (list.length) {
    console.log('');
    console.log(opts.verbose ? 'disagreements:' : 'disagreements not listed in docs/volume-semantics.md:');
    for (const d of list) console.log(`  [${keyOf(d)}] ${d.caseName}${d.line ? `:${d.line}` : ''}: ${d.detail}${d.known ? '  (accepted: ' + d.known + ')' : ''}`);
  }
  console.log('');
  console.log(`accepted with a reason in docs/volume-semantics.md: ${accepted}; not listed there: ${unexplained.length}`);
  if (opts.keep) console.log(`work directory kept at ${work}`);
  console.log(`conformance: ${prepared.length} cases, ${disagreements.length} disagreements`);
  return unexplained.length ? 1 : 0;
}

function summarizeWhy(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${r}: ${n}`).join(', ');
}

function fixedOutcome(id: string, p: ParsedCase, result: VariantResult): { built: boolean; failure: string | undefined; finals: Map<number, Snapshot> } {
  const finals = new Map<number, Snapshot>();
  const err = result.buildErrors.get(id);
  if (err) return { built: false, failure: err, finals };
  let failure: string | undefined;
  for (const stage of p.stages) {
    const obs = result.stages.get(`${id}s${stage.index}`);
    if (!obs?.complete) failure ??= `stage ${stage.index} did not finish`;
    for (const [i, st] of obs?.status ?? []) {
      if (st !== 0) failure ??= `line ${p.instructions[i]?.firstLine ?? '?'} exited ${st}`;
    }
    if (obs?.final) finals.set(stage.index, obs.final);
  }
  return { built: failure === undefined, failure, finals };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`conformance: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
