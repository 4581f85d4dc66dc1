import type { ParsedCase } from './instrument.js';
import { stageKey } from './instrument.js';
import type { StageObservation, VariantResult } from './runner.js';
import { compareEntries, diff, randomTwins, type Change, type Snapshot } from './snapshot.js';

/** "Instruction N changed P, and the image lost it." */
export interface Loss {
  ins: number;
  path: string;
  change: Change;
}

export interface CaseTruth {
  /** Built as written and neutral up to the end (no RUN failed, no builder error). */
  builtWritten: boolean;
  builtNeutral: boolean;
  /** First instruction that failed in either variant: instructions from there on are not compared. */
  stopAt: number | undefined;
  /** Changes the build as written lost, by the instruction that made them. */
  losses: Loss[];
  /** Paths where the final images differ that no loss explains (stage key -> paths). */
  unexplained: { stage: number; path: string }[];
  /** Instructions that changed a path in the build as written but not in the neutral one. */
  gained: Loss[];
  /** Final state of every stage of the neutral build, for the fix check. */
  neutralFinal: Map<number, Snapshot>;
  /** Why a variant did not build: builder error or the failing RUN's status. */
  failures: string[];
}

function firstFailure(obs: StageObservation | undefined): number | undefined {
  if (!obs) return undefined;
  let first: number | undefined;
  for (const [i, st] of obs.status) if (st !== 0 && (first === undefined || i < first)) first = i;
  return first;
}

function same(a: Snapshot | undefined, b: Snapshot | undefined, path: string): boolean {
  return compareEntries(a?.get(path), b?.get(path)) === undefined;
}

/**
 * Turns the two builds of a case into ground truth. A wrapped RUN of the build as written shows directly what the
 * builder threw away: what the command changed (before -> end of the command) and the builder reverted (end of the
 * command -> next observation). Any other instruction (COPY, ADD, WORKDIR, VOLUME, exec-form RUN) is compared with
 * the same instruction of the neutral build: a change the neutral build made there and the build as written did not.
 */
export function caseTruth(caseId: string, parsed: ParsedCase, written: VariantResult, neutral: VariantResult): CaseTruth {
  const truth: CaseTruth = {
    builtWritten: true,
    builtNeutral: true,
    stopAt: undefined,
    losses: [],
    unexplained: [],
    gained: [],
    neutralFinal: new Map(),
    failures: [],
  };
  const we = written.buildErrors.get(caseId);
  const ne = neutral.buildErrors.get(caseId);
  if (we) {
    truth.builtWritten = false;
    truth.failures.push(`as written: ${we}`);
  }
  if (ne) {
    truth.builtNeutral = false;
    truth.failures.push(`neutral: ${ne}`);
  }
  let stopAt: number | undefined;
  for (const stage of parsed.stages) {
    const key = stageKey(caseId, stage.index);
    for (const [v, res] of [['as written', written], ['neutral', neutral]] as const) {
      const obs = res.stages.get(key);
      const f = firstFailure(obs);
      if (f !== undefined) {
        const ins = parsed.instructions[f];
        truth.failures.push(`${v}: line ${ins?.firstLine ?? '?'} ${ins?.keyword ?? ''} exited ${obs?.status.get(f) ?? '?'}`);
        if (v === 'as written') truth.builtWritten = false;
        else truth.builtNeutral = false;
        stopAt = stopAt === undefined ? f : Math.min(stopAt, f);
      }
      if (!obs?.complete && !res.buildErrors.has(caseId)) {
        if (v === 'as written') truth.builtWritten = false;
        else truth.builtNeutral = false;
        truth.failures.push(`${v}: stage ${stage.index} incomplete`);
      }
    }
  }
  truth.stopAt = stopAt;
  if (we || ne) return truth;
  const explainedBy: Set<string>[] = [];
  for (const stage of parsed.stages) {
    const key = stageKey(caseId, stage.index);
    const w = written.stages.get(key);
    const n = neutral.stages.get(key);
    if (!w || !n) continue;
    if (n.final) truth.neutralFinal.set(stage.index, n.final);
    // A stage built FROM an earlier stage inherits what that stage lost.
    const explained = new Set<string>(stage.base.kind === 'stage' ? explainedBy[stage.base.stage] : []);
    explainedBy[stage.index] = explained;
    // Buildah 1.28 deletes a RUN --mount target directory, with what it held, when the RUN ends. Over a volume the
    // build as written gets it back (the volume is restored), the neutral build does not: from there on the two builds
    // differ under that path for a reason no other builder has, so the path is not compared in this stage.
    const unmounted: string[] = [];
    const under = (path: string): boolean => unmounted.some((t) => path === t || path.startsWith(t + '/'));
    for (const ins of [stage.from, ...stage.body]) {
      if (stopAt !== undefined && ins.index >= stopAt) break;
      if (ins.keyword === 'RUN') {
        for (const t of mountTargets(parsed.text.slice(ins.start, ins.end))) {
          if (w.pre.get(ins.index)?.has(t) || n.pre.get(ins.index)?.has(t)) unmounted.push(t);
        }
      }
      const add = (list: Loss[], path: string, change: Change): void => {
        list.push({ ins: ins.index, path, change });
      };
      const pre = w.pre.get(ins.index);
      const inner = w.inner.get(ins.index);
      const post = w.post.get(ins.index);
      const npre = n.pre.get(ins.index);
      const npost = n.post.get(ins.index);
      const found = new Map<string, Change>();
      // Seen directly: the command changed P and the builder put it back before the next instruction.
      if (pre && inner && post) {
        for (const [path, change] of diff(pre, inner)) if (!same(inner, post, path)) found.set(path, change);
      }
      // Seen by comparison: the neutral build changed P here, and the build as written did not end up the same.
      if (pre && post && npre && npost) {
        const nd = diff(npre, npost);
        const wd = diff(pre, post);
        // The same entry under two random names (mktemp, a timestamp): made in both builds, lost in neither.
        for (const path of [...nd.keys()]) {
          if (wd.has(path)) continue;
          const twin = [...wd.keys()].find((q) => !nd.has(q) && randomTwins(path, q) && wd.get(q) === nd.get(path) && post.get(q)?.type === npost.get(path)?.type);
          if (twin === undefined) continue;
          nd.delete(path);
          wd.delete(twin);
          explained.add(path).add(twin);
        }
        // Both changed P, differently: the inputs differed (an earlier loss, a random name); not a loss of this one.
        for (const [path, change] of nd) if (!wd.has(path)) found.set(path, found.get(path) ?? change);
        for (const [path, change] of wd) if (!nd.has(path) && !found.has(path) && !under(path)) add(truth.gained, path, change);
        for (const path of wd.keys()) if (nd.has(path) && !same(post, npost, path)) explained.add(path);
      }
      for (const [path, change] of found) {
        if (under(path)) continue;
        add(truth.losses, path, change);
        explained.add(path);
      }
    }
    if (stopAt === undefined && w.final && n.final) {
      // Differences the stage started with (a base image's volume directories exist only as written) are not its own.
      const before = w.initial && n.initial ? diff(w.initial, n.initial) : new Map<string, Change>();
      for (const path of diff(w.final, n.final).keys()) {
        if (!explained.has(path) && !before.has(path) && !under(path)) truth.unexplained.push({ stage: stage.index, path });
      }
    }
  }
  return truth;
}

/** Absolute targets of a RUN's `--mount` flags (a target with a variable is left out). */
export function mountTargets(runArgs: string): string[] {
  const out: string[] = [];
  for (const m of runArgs.matchAll(/(?:^|\s)--mount=(\S+)/g)) {
    const t = /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(m[1] ?? '')?.[1];
    if (t?.startsWith('/') && !t.includes('$')) out.push(t.replace(/\/+$/, '') || '/');
  }
  return out;
}
