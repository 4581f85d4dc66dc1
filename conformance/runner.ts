import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from './buildah.js';
import type { Case } from './cases.js';
import { collector, EMPTY_DIR, instrument, stageKey, type ParsedCase, type StagePlan, type Variant } from './instrument.js';
import { COLLECT, PROBE, ROOT, SNAP, WRAP, WRAP_STATUS } from './scripts.js';
import { parseLog, type Entry as SnapEntry, type Snapshot } from './snapshot.js';
import { BUSYBOX } from './base-images.js';

/** What one stage of one variant showed: the filesystem around each filesystem-changing instruction. */
export interface StageObservation {
  /** State when the stage began. */
  initial: Snapshot | undefined;
  /** State before the instruction (by instruction index). */
  pre: Map<number, Snapshot>;
  /** For wrapped RUNs: the state when the command finished, before the builder restored the volumes. */
  inner: Map<number, Snapshot>;
  /** State after the instruction, once the builder is done with it. */
  post: Map<number, Snapshot>;
  /** Exit status of wrapped RUNs. */
  status: Map<number, number>;
  final: Snapshot | undefined;
  /** False when the log did not have what the plan expected (the build stopped inside this stage). */
  complete: boolean;
}

export interface VariantResult {
  variant: Variant;
  stages: Map<string, StageObservation>;
  /** Cases whose build stopped with an error of the builder itself (not a RUN's exit status), with its message. */
  buildErrors: Map<string, string>;
  builds: number;
  seconds: number;
}

export interface PreparedCase {
  c: Case;
  parsed: ParsedCase;
  /** Text to build for this variant (the fixed variant builds the fixed text). */
  text?: string;
}

function writeTools(host: string, variant: Variant): void {
  mkdirSync(join(host, 'out'), { recursive: true });
  copyFileSync(BUSYBOX, join(host, 'busybox'));
  chmodSync(join(host, 'busybox'), 0o755);
  writeFileSync(join(host, 'snap'), SNAP);
  writeFileSync(join(host, 'wrap'), variant === 'fixed' ? WRAP_STATUS : WRAP);
  writeFileSync(join(host, 'probe'), PROBE);
  writeFileSync(join(host, 'collect'), COLLECT);
  writeFileSync(join(host, 'root'), ROOT);
}

export function writeContext(dir: string, cases: Iterable<Case>): void {
  mkdirSync(join(dir, EMPTY_DIR), { recursive: true });
  for (const c of cases) {
    for (const [path, content] of c.context) {
      const full = join(dir, path);
      if (path.endsWith('/')) {
        mkdirSync(full, { recursive: true });
        continue;
      }
      mkdirSync(dirname(full), { recursive: true });
      if (!existsSync(full)) writeFileSync(full, content);
    }
  }
}

interface Entry {
  prepared: PreparedCase;
  text: string;
  plans: StagePlan[];
}

interface Unit {
  entries: Entry[];
}

function entryFor(prepared: PreparedCase, variant: Variant): Entry {
  const { text, plans } = instrument(prepared.c, prepared.parsed, variant);
  return { prepared, text, plans };
}

function emptyObservation(): StageObservation {
  return { initial: undefined, pre: new Map(), inner: new Map(), post: new Map(), status: new Map(), final: undefined, complete: false };
}

/**
 * Reads the observations of a stage from its log (and the collector's final record), following its plan. `initial`
 * is the state the stage starts from: its base image's, or the final state of the stage it is built FROM.
 */
export function observe(plan: StagePlan, log: string | undefined, initial: Snapshot | undefined, finalLog?: string): StageObservation {
  const obs = emptyObservation();
  obs.initial = initial;
  // A stage without a wrapped RUN or a probe has no log of its own, only the collector's final record.
  if (log === undefined && !finalLog) return obs;
  let records = parseLog(log ?? '');
  if (finalLog !== undefined) {
    // The final state comes from the collector (instrument.ts): it replaces the plan's last probe. Records past the
    // plan's own (an ONBUILD trigger of a later stage runs through this stage's wrapping SHELL) are not this stage's.
    const own = plan.expect.filter((e) => e.kind !== 'ins').length - 1;
    const final = parseLog(finalLog)[0];
    if (records.length >= own && final) records = [...records.slice(0, own), final];
  }
  let r = 0;
  // Instructions waiting for the next observation as their `post`.
  let waiting: number[] = [];
  let last: Snapshot | undefined = initial;
  const settle = (snap: Snapshot): void => {
    for (const i of waiting) obs.post.set(i, snap);
    waiting = [];
    last = snap;
  };
  for (const step of plan.expect) {
    if (step.kind === 'ins') {
      if (last) obs.pre.set(step.ins, last);
      waiting.push(step.ins);
      continue;
    }
    const rec = records[r++];
    if (!rec) return obs;
    if (step.kind === 'run-start') {
      if (rec.kind !== 'run') return obs;
      settle(rec.snap);
      obs.pre.set(step.ins, rec.snap);
    } else if (step.kind === 'run-end') {
      if (rec.kind !== 'end') return obs;
      obs.inner.set(step.ins, rec.snap);
      obs.status.set(step.ins, rec.status ?? 0);
      waiting.push(step.ins);
    } else {
      if (rec.kind !== 'probe') return obs;
      settle(rec.snap);
    }
  }
  // A plan always ends with a probe: the final state.
  obs.final = last;
  obs.complete = true;
  return obs;
}

/**
 * Builds every case for one variant in as few `buildah bud` runs as possible: all batchable cases in one Dockerfile,
 * one stage per case stage, and each solo case alone. When a build stops on a builder error, the case it stopped in
 * is recorded as such and the cases after it are built again without it.
 */
export async function runVariant(
  stores: readonly Store[],
  variant: Variant,
  cases: PreparedCase[],
  work: string,
  context: string,
  batchSize: number,
  baseSnapshots: ReadonlyMap<string, Snapshot>,
): Promise<VariantResult> {
  const started = performance.now();
  const host = join(work, `host-${variant}`);
  rmSync(host, { recursive: true, force: true });
  writeTools(host, variant);
  const result: VariantResult = { variant, stages: new Map(), buildErrors: new Map(), builds: 0, seconds: 0 };
  const units: Unit[] = [];
  let batch: Unit = { entries: [] };
  for (const prepared of cases) {
    const entry = entryFor(prepared, variant);
    if (prepared.parsed.solo) {
      units.push({ entries: [entry] });
      continue;
    }
    batch.entries.push(entry);
    if (batch.entries.length >= batchSize) {
      units.push(batch);
      batch = { entries: [] };
    }
  }
  if (batch.entries.length) units.push(batch);
  const queue = [...units];
  let n = 0;
  // One worker per store, taking units from one queue: a failed build puts its remaining entries back at the front.
  const worker = async (store: Store): Promise<void> => {
    while (queue.length) {
      const unit = queue.shift();
      if (!unit || unit.entries.length === 0) continue;
      const file = join(work, `Dockerfile.${variant}.${n}`);
      const { text, stages } = withCollectors(unit.entries, `cf${n}c`);
      writeFileSync(file, text);
      n++;
      const plans = unit.entries.flatMap((e) => e.plans);
      for (const p of plans) for (const name of [p.key, `${p.key}.final`]) rmSync(join(host, 'out', name), { force: true });
      const r = await store.bud(file, context, host);
      result.builds++;
      for (const e of unit.entries) {
        const finals = new Map<string, Snapshot>();
        for (const p of e.plans) {
          const read = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
          const log = read(join(host, 'out', p.key));
          const finalLog = read(join(host, 'out', `${p.key}.final`));
          const base = e.prepared.parsed.stages[p.stage]?.base;
          const initial =
            base?.kind === 'stage' ? finals.get(stageKey(e.prepared.c.id, base.stage)) : base?.kind === 'image' ? baseSnapshots.get(base.ref) : new Map<string, SnapEntry>();
          const obs = observe(p, log, initial, finalLog ?? '');
          if (obs.final) finals.set(p.key, obs.final);
          result.stages.set(p.key, obs);
        }
      }
      if (r.code === 0) continue;
      const failed = failedEntry(r.stdout + r.stderr, unit, stages);
      const message = lastError(r.stderr);
      if (failed === undefined) {
        // Nothing says where: split the unit until each failing entry stands alone.
        if (unit.entries.length === 1) {
          const only = unit.entries[0];
          if (only) result.buildErrors.set(only.prepared.c.id, message);
          continue;
        }
        const half = Math.ceil(unit.entries.length / 2);
        queue.unshift({ entries: unit.entries.slice(0, half) }, { entries: unit.entries.slice(half) });
        continue;
      }
      const entry = unit.entries[failed];
      const rest = unit.entries.slice(failed + 1);
      // Entries before the failure built, but a collector after the failure would have read their final images.
      const uncollected = unit.entries.slice(0, failed).filter((e) => e.plans.some((p) => !result.stages.get(p.key)?.complete));
      if (entry) result.buildErrors.set(entry.prepared.c.id, message);
      if (rest.length || uncollected.length) queue.unshift({ entries: [...uncollected, ...rest] });
    }
  };
  await Promise.all(stores.map(worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Stage plans per collector: each is a RUN with one bind mount per stage, and the failure granularity of a build. */
const COLLECT_EVERY = 8;

/**
 * The batch file: the entries' stages, with a collector stage after every few entries that reads their final images
 * (instrument.ts, collector). A build that stops loses only the final states of the entries after the last collector.
 */
function withCollectors(entries: Entry[], prefix: string): { text: string; stages: string[] } {
  let text = '';
  const stages: string[] = [];
  let keys: string[] = [];
  let n = 0;
  const flush = (): void => {
    if (!keys.length) return;
    const name = `${prefix}${n++}`;
    text += '\n' + collector(name, keys);
    stages.push(name);
    keys = [];
  };
  for (const e of entries) {
    text += e.text + '\n';
    const own = e.plans.map((p) => p.key);
    stages.push(...own);
    keys.push(...own);
    if (keys.length >= COLLECT_EVERY) flush();
  }
  flush();
  return { text, stages };
}

function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => /error|Error/.test(l));
  return (lines[lines.length - 1] ?? stderr.trim().split('\n').pop() ?? 'build failed').slice(0, 300);
}

/** The index (in the unit) of the entry a failed build stopped in: the stage (in file order) of the last "[k/N] STEP" line. */
function failedEntry(output: string, unit: Unit, stages: string[]): number | undefined {
  let last: number | undefined;
  for (const m of output.matchAll(/^\[(\d+)\/(\d+)\] STEP/gm)) last = Number(m[1]);
  if (last === undefined) return undefined;
  const key = stages[last - 1];
  const idx = unit.entries.findIndex((e) => e.plans.some((p) => p.key === key));
  return idx >= 0 ? idx : undefined;
}
