import type { Reach } from '../model/path-pattern.js';
import { isUnderOrEqual } from '../model/paths.js';
import type { DockerfileModel, InstructionModel, VolumeDecl, VolumeOrigin } from '../model/types.js';
import type { EffectKind, FileEffect, RunAnalysis } from '../shell/types.js';
import { clip } from '../text/clip.js';

/** What the analysis reads of a Dockerfile: its model and, on demand, the effects of its RUNs (a rule's context is one). */
export interface RunReader {
  readonly model: DockerfileModel;
  runEffects(instr: InstructionModel): RunAnalysis;
}

export interface VolumeHit {
  effect: FileEffect;
  volume: VolumeDecl;
}

/** How an effect acts on its path, for `reaches` (model/path-pattern). */
export function effectReach(effect: FileEffect): Reach {
  switch (effect.kind) {
    case 'read':
      return { kind: 'read', recursive: false };
    case 'mkdir':
    case 'touch':
      // Creating the volume's own directory, or touching it, leaves its content as it was.
      return { kind: 'create', recursive: false };
    case 'write':
      return { kind: 'write', recursive: effect.recursive };
    case 'delete':
    case 'permission':
      return { kind: 'change', recursive: effect.recursive };
  }
}

/**
 * Effects of RUN instructions (and ONBUILD RUN triggers) that reach a volume in scope, one hit per effect:
 * the most specific volume wins.
 */
export function* runVolumeHits(
  context: RunReader,
  kinds: ReadonlySet<EffectKind>,
  origins: ReadonlySet<VolumeOrigin>,
): Generator<VolumeHit & { instruction: InstructionModel }> {
  for (const instruction of context.model.instructions) {
    if (instruction.keyword !== 'RUN' || instruction.shell !== 'posix') continue;
    const scope = instruction.volumeScope;
    if (!scope.hasAny(origins)) continue;
    const { effects } = context.runEffects(instruction);
    const transient = scratchEffects(effects);
    for (const effect of effects) {
      if (!kinds.has(effect.kind) || transient.has(effect)) continue;
      // Windows volumes never take a POSIX shell's writes.
      const volume = scope.mostSpecific(effect.path, effectReach(effect), origins, false);
      if (volume) yield { effect, volume, instruction };
    }
  }
}

const CREATES: ReadonlySet<EffectKind> = new Set(['write', 'touch', 'mkdir']);

/** Paths one RUN has created so far, as a tree: a recursive delete takes what is below it without a scan of all. */
interface CreatedNode {
  /** Made on the first child: most nodes are leaves (a RUN can create 100,000 files). */
  children: Map<string, CreatedNode> | undefined;
  /** Creations of exactly this path that no delete has taken yet. */
  pending: FileEffect[];
  /** Some creation of exactly this path came before. */
  created: boolean;
  /** Pending creations in this subtree, itself included: a delete skips a subtree with none. */
  pendingBelow: number;
}

/** The pending list of every node that has none, never added to (a node gets a list of its own on its first creation). */
const NONE_PENDING: FileEffect[] = [];

const createdNode = (): CreatedNode => ({ children: undefined, pending: NONE_PENDING, created: false, pendingBelow: 0 });

/** Takes the pending creations of a node (and, when `recursive`, of its subtree) into `out`; how many it took. */
function takeCreated(node: CreatedNode, recursive: boolean, out: Set<FileEffect>): number {
  if (node.pendingBelow === 0) return 0;
  let taken = node.pending.length;
  for (const e of node.pending) out.add(e);
  node.pending = NONE_PENDING;
  if (recursive && node.children) for (const child of node.children.values()) taken += takeCreated(child, true, out);
  node.pendingBelow -= taken;
  return taken;
}

/**
 * Scratch files: a path one RUN creates and later deletes (`curl -o x.tar.gz … && tar -x … && rm x.tar.gz`). Its
 * creation and its deletion change nothing in the image on any builder, whatever a volume does with the path.
 * Linear in the effects (plus path depth): a RUN of 20,000 creations and 20,000 deletions took 54 s as a scan of
 * every earlier effect per delete.
 */
function scratchEffects(effects: readonly FileEffect[]): ReadonlySet<FileEffect> {
  let out = scratchSets.get(effects);
  if (!out) {
    out = findScratchEffects(effects);
    scratchSets.set(effects, out);
  }
  return out;
}

/** The scratch effects of each RUN's effect list, found once for every rule that asks. */
const scratchSets = new WeakMap<readonly FileEffect[], ReadonlySet<FileEffect>>();

const NO_EFFECTS: ReadonlySet<FileEffect> = new Set();

function findScratchEffects(effects: readonly FileEffect[]): ReadonlySet<FileEffect> {
  // Without a delete of a known path there is nothing to pair, and no tree to build.
  if (!effects.some((e) => e.kind === 'delete' && e.path.tail === 'exact' && e.path.prefix !== undefined)) return NO_EFFECTS;
  const out = new Set<FileEffect>();
  const root = createdNode();
  for (const e of effects) {
    const path = e.path.tail === 'exact' ? e.path.prefix : undefined;
    if (path === undefined) continue;
    const segments = path.split('/').filter((s) => s !== '');
    if (CREATES.has(e.kind)) {
      let node = root;
      node.pendingBelow++;
      for (const segment of segments) {
        node.children ??= new Map<string, CreatedNode>();
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = createdNode()));
        child.pendingBelow++;
        node = child;
      }
      if (node.pending === NONE_PENDING) node.pending = [];
      node.pending.push(e);
      node.created = true;
    } else if (e.kind === 'delete') {
      const above: CreatedNode[] = [];
      let node: CreatedNode | undefined = root;
      for (const segment of segments) {
        above.push(node);
        node = node.children?.get(segment);
        if (!node) break;
      }
      if (!node) continue;
      if (node.created) out.add(e);
      const taken = takeCreated(node, e.recursive, out);
      for (const a of above) a.pendingBelow -= taken;
    }
  }
  return out;
}

/**
 * How a finding names what the effect touches (the message names the volume): a path in the volume or the volume
 * itself, files under a directory (what `find` lists, `/data/$X`), or a parent reaching into the volume.
 */
export function describeReach(effect: FileEffect, volume: string): string {
  const { path } = effect;
  const prefix = path.prefix ?? '/';
  if (!isUnderOrEqual(prefix, volume)) return `${clip(path.text)} recursively`;
  if (path.tail === 'unknown' && path.text === `${prefix === '/' ? '' : prefix}/…`) return `files under ${clip(prefix)}`;
  return clip(path.text);
}
