import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from './buildah.js';
import type { Case } from './cases.js';
import { EMPTY_DIR, instrument, type ParsedCase, type StagePlan, type Variant } from './instrument.js';
import { PROBE, ROOT, SNAP, WRAP } from './scripts.js';
import { parseLog, type Entry, type Snapshot } from './snapshot.js';
import { BUSYBOX } from './base-images.js';

/** What one stage of one variant showed: the filesystem around each filesystem-changing instruction. */
export interface StageObservation {
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

function writeTools(host: string): void {
  mkdirSync(join(host, 'out'), { recursive: true });
  copyFileSync(BUSYBOX, join(host, 'busybox'));
  chmodSync(join(host, 'busybox'), 0o755);
  writeFileSync(join(host, 'snap'), SNAP);
  writeFileSync(join(host, 'wrap'), WRAP);
  writeFileSync(join(host, 'probe'), PROBE);
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

interface Unit {
  cases: { prepared: PreparedCase; text: string; plans: StagePlan[] }[];
}

/**
 * Reads the observations of a stage from its log, following its plan. `initial` is the state the stage starts from:
 * its base image's, or the final state of the stage it is built FROM.
 */
export function observe(plan: StagePlan, log: string | undefined, initial: Snapshot | undefined): StageObservation {
  const obs: StageObservation = { pre: new Map(), inner: new Map(), post: new Map(), status: new Map(), final: undefined, complete: false };
  if (log === undefined) return obs;
  const records = parseLog(log);
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
  obs.final = last;
  obs.complete = waiting.length === 0;
  return obs;
}

/**
 * Builds every case for one variant in as few `buildah bud` runs as possible: all batchable cases in one Dockerfile,
 * one stage per case stage, and each solo case alone. When a build stops on a builder error, the case it stopped in
 * is recorded as such and the cases after it are built again without it.
 */
export async function runVariant(
  store: Store,
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
  writeTools(host);
  const result: VariantResult = { variant, stages: new Map(), buildErrors: new Map(), builds: 0, seconds: 0 };
  const units: Unit[] = [];
  let batch: Unit = { cases: [] };
  for (const prepared of cases) {
    const parsed = prepared.parsed;
    const { text, plans } = instrument(prepared.c, parsed, variant);
    const entry = { prepared, text, plans };
    if (parsed.solo) units.push({ cases: [entry] });
    else {
      batch.cases.push(entry);
      if (batch.cases.length >= batchSize) {
        units.push(batch);
        batch = { cases: [] };
      }
    }
  }
  if (batch.cases.length) units.push(batch);
  const queue = [...units];
  let n = 0;
  while (queue.length) {
    const unit = queue.shift();
    if (!unit || unit.cases.length === 0) continue;
    const file = join(work, `Dockerfile.${variant}.${n++}`);
    writeFileSync(file, unit.cases.map((e) => e.text).join('\n'));
    const plans = unit.cases.flatMap((e) => e.plans);
    for (const p of plans) rmSync(join(host, 'out', p.key), { force: true });
    const r = await store.bud(file, context, host);
    result.builds++;
    for (const e of unit.cases) {
      const finals: Snapshot[] = [];
      for (const p of e.plans) {
        const logPath = join(host, 'out', p.key);
        const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : undefined;
        const base = e.prepared.parsed.stages[p.stage]?.base;
        const initial = base?.kind === 'stage' ? finals[base.stage] : base?.kind === 'image' ? baseSnapshots.get(base.ref) : new Map<string, Entry>();
        const obs = observe(p, log, initial);
        if (obs.final) finals[p.stage] = obs.final;
        result.stages.set(p.key, obs);
      }
    }
    if (r.code === 0) continue;
    const failed = failedCase(r.stdout + r.stderr, unit, plans);
    const message = lastError(r.stderr);
    if (failed === undefined) {
      // Nothing says where: split the unit until each failing case stands alone.
      if (unit.cases.length === 1) {
        const only = unit.cases[0];
        if (only) result.buildErrors.set(only.prepared.c.id, message);
        continue;
      }
      const half = Math.ceil(unit.cases.length / 2);
      queue.unshift({ cases: unit.cases.slice(0, half) }, { cases: unit.cases.slice(half) });
      continue;
    }
    result.buildErrors.set(unit.cases[failed]?.prepared.c.id ?? '?', message);
    const rest = unit.cases.slice(failed + 1);
    if (rest.length) queue.unshift({ cases: rest });
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function lastError(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => /error|Error/.test(l));
  return (lines[lines.length - 1] ?? stderr.trim().split('\n').pop() ?? 'build failed').slice(0, 300);
}

/** The index (in the unit) of the case a failed build stopped in: the stage of the last "[k/N] STEP" line. */
function failedCase(output: string, unit: Unit, plans: StagePlan[]): number | undefined {
  let last: number | undefined;
  for (const m of output.matchAll(/^\[(\d+)\/(\d+)\] STEP/gm)) last = Number(m[1]);
  if (last === undefined) {
    // A single-stage file prints "STEP n/m" without a stage counter.
    if (/^STEP \d+\/\d+/m.test(output) && plans.length === 1) last = 1;
    else return undefined;
  }
  const key = plans[last - 1]?.key;
  const idx = unit.cases.findIndex((e) => e.plans.some((p) => p.key === key));
  return idx >= 0 ? idx : undefined;
}
