import type { RelatedInfo } from '../engine/types.js';
import type { DockerfileModel, StageModel, VolumeDecl } from '../model/types.js';
import { clip } from '../text/clip.js';

const TABLE = 'volint base-image table';

/** Where a finding says the volume comes from: `line 12`, `line 3 in stage build`, or the base image and its source. */
export function declaredLine(model: DockerfileModel, volume: VolumeDecl): string {
  if (!volume.declaredAt) return '';
  const line = String(model.lines.positionAt(volume.declaredAt.range.start).line + 1);
  return volume.origin === 'ancestor' ? `${line} in stage ${volume.stage.name ?? String(volume.stage.index)}` : line;
}

/** The related location every volume finding carries: the VOLUME argument, or the FROM image that brings it in. */
export function volumeRelated(volume: VolumeDecl): RelatedInfo[] {
  const path = volume.path ?? volume.word.raw;
  if (volume.origin === 'base-image') {
    const image = volume.image ?? volume.word.raw;
    return [{ message: `The base image ${image} declares VOLUME ${path} (${volume.source ?? TABLE}).`, range: volume.word.range }];
  }
  return [{ message: `VOLUME ${path} is declared here.`, range: volume.word.range }];
}

/** How a finding names the volume a change comes after: `its VOLUME` when the change is at the volume itself. */
export function volumeNamed(changed: string | undefined, volume: string): string {
  return changed === volume ? 'its VOLUME' : `VOLUME ${clip(volume)}`;
}

/**
 * The image of an inherited volume, for messages: its name without tag or digest (the related location marks the
 * whole reference and names the fact's source).
 */
export function inheritedFrom(volume: VolumeDecl): { image: string } {
  const ref = (volume.image ?? volume.word.raw).replace(/@.*$/, '');
  const tag = ref.lastIndexOf(':');
  return { image: clip(tag > ref.lastIndexOf('/') ? ref.slice(0, tag) : ref) };
}

/** The USER a stage's image runs as (after its last instruction); undefined when unknown. */
export function runsAs(stage: StageModel): string | undefined {
  const last = stage.instructions.at(-1) ?? stage.from;
  if (last.keyword === 'USER' && !last.onbuild) return last.args.length === 1 ? last.args[0]?.value : undefined;
  return last.user;
}
