import { isStrictlyUnder, isUnderOrEqual, isWindowsPath } from '../model/paths.js';
import { clip } from '../text/clip.js';
import type { InstructionModel, VolumeDecl, VolumeOrigin } from '../model/types.js';
import type { EffectKind, FileEffect } from '../shell/types.js';
import type { DockerfileContext } from '../engine/types.js';

export interface VolumeHit {
  effect: FileEffect;
  volume: VolumeDecl;
}

/** Does this effect change what the image holds at `volume`? */
export function effectReaches(effect: FileEffect, volume: string): boolean {
  const p = effect.path;
  if (p === undefined) return false;
  switch (effect.kind) {
    case 'read':
      return false;
    case 'mkdir':
    case 'touch':
      // Creating the volume's own directory, or touching it, leaves its content as it was.
      return isStrictlyUnder(p, volume);
    case 'write':
      return isUnderOrEqual(p, volume);
    case 'delete':
    case 'permission':
      return isUnderOrEqual(p, volume) || (effect.recursive && isStrictlyUnder(volume, p));
  }
}

/**
 * Effects of RUN instructions (and ONBUILD RUN triggers) that reach a volume in scope, one hit per effect:
 * the most specific volume wins.
 */
export function* runVolumeHits(
  context: DockerfileContext,
  kinds: ReadonlySet<EffectKind>,
  origins: ReadonlySet<VolumeOrigin>,
): Generator<VolumeHit & { instruction: InstructionModel }> {
  for (const instruction of context.model.instructions) {
    if (instruction.keyword !== 'RUN' || instruction.shell !== 'posix') continue;
    const volumes = instruction.volumes.filter(
      (v) => v.path !== undefined && !isWindowsPath(v.path) && origins.has(v.origin),
    );
    if (volumes.length === 0) continue;
    const { effects } = context.runEffects(instruction);
    const transient = scratchEffects(effects);
    for (const effect of effects) {
      if (!kinds.has(effect.kind) || transient.has(effect)) continue;
      let best: VolumeDecl | undefined;
      for (const v of volumes) {
        if (v.path !== undefined && effectReaches(effect, v.path) && (best?.path?.length ?? -1) < v.path.length) best = v;
      }
      if (best) yield { effect, volume: best, instruction };
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
    const gone = removal.path;
    if (removal.kind !== 'delete' || gone === undefined) return;
    let created = false;
    for (let i = 0; i < j; i++) {
      const e = effects[i];
      if (e === undefined || !CREATES.has(e.kind) || e.path === undefined) continue;
      if (e.path === gone || (removal.recursive && isStrictlyUnder(e.path, gone))) {
        out.add(e);
        if (e.path === gone) created = true;
      }
    }
    if (created) out.add(removal);
  });
  return out;
}

/** How a finding names what the effect touches: a path in the volume (or the volume), or a parent reaching into it. */
export function describeReach(effect: FileEffect, volume: string): string {
  const target = clip(effect.path ?? '?');
  return effect.path !== undefined && !isUnderOrEqual(effect.path, volume) ? `${target} recursively` : target;
}
