import type { Reach } from '../model/path-pattern.js';
import { isStrictlyUnder, isUnderOrEqual } from '../model/paths.js';
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

/**
 * Scratch files: a path one RUN creates and later deletes (`curl -o x.tar.gz … && tar -x … && rm x.tar.gz`). Its
 * creation and its deletion change nothing in the image on any builder, whatever a volume does with the path.
 */
function scratchEffects(effects: readonly FileEffect[]): Set<FileEffect> {
  const out = new Set<FileEffect>();
  effects.forEach((removal, j) => {
    const gone = removal.path.tail === 'exact' ? removal.path.prefix : undefined;
    if (removal.kind !== 'delete' || gone === undefined) return;
    let created = false;
    for (let i = 0; i < j; i++) {
      const e = effects[i];
      const made = e?.path.tail === 'exact' ? e.path.prefix : undefined;
      if (e === undefined || !CREATES.has(e.kind) || made === undefined) continue;
      if (made === gone || (removal.recursive && isStrictlyUnder(made, gone))) {
        out.add(e);
        if (made === gone) created = true;
      }
    }
    if (created) out.add(removal);
  });
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
