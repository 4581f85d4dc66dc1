import { reaches, type PathPattern, type Reach } from './path-pattern.js';
import { isWindowsPath } from './paths.js';
import { PersistentMap } from './persistent-map.js';
import type { StageModel, VolumeDecl, VolumeOrigin, VolumesInScope } from './types.js';

/*
 * The volumes in scope at each instruction. A stage built FROM another starts with all of that one's volumes, so on a
 * chain of n stages a list per stage costs n²/2 entries (8,000 chained stages: 790 MB, 16 s). A scope is therefore
 * persistent: adding a VOLUME makes a new scope that shares everything before it, and the questions the rules ask
 * ("the most specific volume this path reaches") are answered from an index by path (a PersistentMap, ordered, so
 * that the volumes below a path are a range of it), not by reading every volume.
 */

/** What a scope knows about one POSIX path: the first volume there of each kind, in scope order. */
interface PathEntry {
  /** Declared by the base image of the chain's first stage: it comes before every VOLUME instruction. */
  readonly base: VolumeDecl | undefined;
  /** The first VOLUME instruction of the chain that declares the path. */
  readonly declared: VolumeDecl | undefined;
}

/** A persistent list, newest first. */
interface Cons {
  readonly decl: VolumeDecl;
  readonly next: Cons | undefined;
}

/** The one 'ancestor' view of each volume declared by a stage, as the stages built from it see it. */
const ancestorViews = new WeakMap<VolumeDecl, VolumeDecl>();

function ancestorView(decl: VolumeDecl): VolumeDecl {
  let view = ancestorViews.get(decl);
  if (!view) {
    view = { ...decl, origin: 'ancestor' };
    ancestorViews.set(decl, view);
  }
  return view;
}

/**
 * Each volume's place in scope order, comparable across scopes: base-image volumes are added when their stage starts,
 * VOLUMEs in file order, so in any one scope this is the order of its list.
 */
const orders = new WeakMap<VolumeDecl, number>();
let nextOrder = 0;

/** The volumes in scope at a point of a stage, as that stage sees them. Never mutated: each change makes a new one. */
export class VolumeScope implements VolumesInScope {
  private constructor(
    /** The stage that sees these volumes: volumes its own VOLUMEs declared are 'stage', earlier stages' 'ancestor'. */
    readonly stage: StageModel | undefined,
    private readonly newest: Cons | undefined,
    /** How many volumes are in scope. */
    readonly size: number,
    private readonly byPath: PersistentMap<PathEntry>,
    /** Windows volumes: compared case-insensitively, so not in the path index; rare. */
    private readonly windows: Cons | undefined,
    /** Volumes with a POSIX path by origin, as `stage` sees them. */
    private readonly counts: Readonly<Record<VolumeOrigin, number>>,
  ) {}

  static empty(stage: StageModel | undefined): VolumeScope {
    return new VolumeScope(stage, undefined, 0, PersistentMap.empty(), undefined, { stage: 0, ancestor: 0, 'base-image': 0 });
  }

  /** The same volumes seen from `stage`, built FROM the stage that sees them now. */
  seenFrom(stage: StageModel): VolumeScope {
    const { counts } = this;
    const inherited = { stage: 0, ancestor: counts.ancestor + counts.stage, 'base-image': counts['base-image'] };
    return new VolumeScope(stage, this.newest, this.size, this.byPath, this.windows, inherited);
  }

  /** This scope and `decls` after it (a VOLUME instruction's paths, or the base image's volumes). */
  with(decls: readonly VolumeDecl[]): VolumeScope {
    let { newest, byPath, windows } = this;
    const counts = { ...this.counts };
    for (const decl of decls) {
      newest = { decl, next: newest };
      orders.set(decl, nextOrder++);
      const path = decl.path;
      if (path === undefined) continue;
      if (isWindowsPath(path)) {
        windows = { decl, next: windows };
        continue;
      }
      counts[decl.origin]++;
      const entry = byPath.get(path);
      if (decl.origin === 'base-image') {
        if (!entry?.base) byPath = byPath.with(path, { base: decl, declared: entry?.declared });
      } else if (!entry?.declared) {
        byPath = byPath.with(path, { base: entry?.base, declared: decl });
      }
    }
    return new VolumeScope(this.stage, newest, this.size + decls.length, byPath, windows, counts);
  }

  /**
   * The volumes in scope order (the base image's, then each VOLUME's), as `stage` sees them: a new array on each call,
   * not kept (kept for every instruction of a chain of stages, the lists would cost n²/2 again).
   */
  list(): VolumeDecl[] {
    const out = new Array<VolumeDecl>(this.size);
    let i = this.size;
    for (let cell = this.newest; cell; cell = cell.next) out[--i] = this.view(cell.decl);
    return out;
  }

  /** True when a volume with a POSIX path and one of `origins` is in scope. */
  hasAny(origins: ReadonlySet<VolumeOrigin>): boolean {
    for (const origin of origins) if (this.counts[origin] > 0) return true;
    return false;
  }

  /**
   * The most specific volume (longest path; the first in scope order among equals) of one of `origins` that acting on
   * `pattern` reaches for sure (`reaches` says yes). Windows volumes count only with `windows`. The work is the depth
   * of the path, plus the volumes below it for a recursive change or a glob.
   */
  mostSpecific(pattern: PathPattern, reach: Reach, origins: ReadonlySet<VolumeOrigin>, windows = true): VolumeDecl | undefined {
    const prefix = pattern.prefix;
    if (prefix === undefined || reach.kind === 'read') return undefined;
    let best: VolumeDecl | undefined;
    let bestOrder = 0;
    const consider = (decl: VolumeDecl): void => {
      const path = decl.path;
      if (path === undefined || !origins.has(this.view(decl).origin) || reaches(pattern, path, reach) !== 'yes') return;
      const length = best?.path?.length ?? -1;
      const order = orders.get(decl) ?? 0;
      if (path.length > length || (path.length === length && order < bestOrder)) {
        best = decl;
        bestOrder = order;
      }
    };
    if (isWindowsPath(prefix)) {
      if (windows) for (let cell = this.windows; cell; cell = cell.next) consider(cell.decl);
      return best && this.view(best);
    }
    const visit = (entry: PathEntry): void => {
      const decl = this.pick(entry, origins);
      if (decl) consider(decl);
    };
    // The volume at the path and at each directory above it, `/` last.
    for (let end = prefix.length; end > 1; end = prefix.lastIndexOf('/', end - 1)) {
      const entry = this.byPath.get(prefix.slice(0, end));
      if (entry) visit(entry);
    }
    const root = this.byPath.get('/');
    if (root) visit(root);
    // Volumes below the path: a glob may match them, a recursive change reaches them.
    if (pattern.tail === 'glob' || (pattern.tail === 'exact' && reach.kind === 'change' && reach.recursive)) {
      const under = prefix === '/' ? '/' : prefix + '/';
      for (const entry of this.byPath.valuesBetween(under, prefix === '/' ? '0' : prefix + '0')) if (entry !== root) visit(entry);
    }
    return best && this.view(best);
  }

  /** The first volume of an entry with one of `origins`, as this scope's stage sees it. */
  private pick(entry: PathEntry, origins: ReadonlySet<VolumeOrigin>): VolumeDecl | undefined {
    if (entry.base && origins.has('base-image')) return entry.base;
    const declared = entry.declared;
    if (!declared) return undefined;
    const origin = this.view(declared).origin;
    if (origins.has(origin) || origin !== 'ancestor' || !origins.has('stage')) return declared;
    // Only this stage's own volumes wanted, and an ancestor declared the path first: rare enough to read the list.
    let first: VolumeDecl | undefined;
    for (let cell = this.newest; cell && cell.decl.stage === this.stage; cell = cell.next) {
      if (cell.decl.path === declared.path && cell.decl.origin === 'stage') first = cell.decl;
    }
    return first;
  }

  private view(decl: VolumeDecl): VolumeDecl {
    return decl.origin === 'stage' && decl.stage !== this.stage ? ancestorView(decl) : decl;
  }
}
