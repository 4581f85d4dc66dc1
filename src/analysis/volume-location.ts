import type { RelatedInfo } from '../text/annotations.js';
import type { DockerfileModel, StageModel, VolumeDecl } from '../model/types.js';
import type { PathPattern } from '../model/path-pattern.js';
import type { FileEffect } from '../shell/types.js';
import { clip } from '../text/clip.js';

const TABLE = 'volint base-image table';

/** The line of the VOLUME a finding's change comes after (an ancestor stage's one too: the related location names it). */
export function declaredLine(model: DockerfileModel, volume: VolumeDecl): string {
  if (!volume.declaredAt) return '';
  return String(model.lines.positionAt(volume.declaredAt.range.start).line + 1);
}

/** The related location every volume finding carries: the VOLUME argument, or the FROM image that brings it in. */
export function volumeRelated(volume: VolumeDecl): RelatedInfo[] {
  const path = volume.path ?? volume.word.raw;
  if (volume.origin === 'base-image') {
    const image = volume.image ?? volume.word.raw;
    return [{ message: `The base image ${image} declares VOLUME ${path} (${volume.source ?? TABLE}).`, range: volume.word.range }];
  }
  const stage = volume.origin === 'ancestor' ? `, in stage ${volume.stage.name ?? String(volume.stage.index)}` : '';
  return [{ message: `VOLUME ${path} is declared here${stage}.`, range: volume.word.range }];
}

/** How a finding names the volume a change comes after: `its VOLUME` when the change is at the volume itself. */
export function volumeNamed(changed: PathPattern, volume: string): string {
  return changed.tail === 'exact' && changed.prefix === volume ? 'its VOLUME' : `VOLUME ${clip(volume)}`;
}

/**
 * The image of an inherited volume, for messages: its name without tag, digest or Docker Hub's default prefix (the
 * related location marks the whole reference and names the fact's source).
 */
export function inheritedFrom(volume: VolumeDecl): string {
  const ref = (volume.image ?? volume.word.raw).replace(/@.*$/, '').replace(/^(?:(?:index\.)?docker\.io\/)?(?:library\/)?/, '');
  const tag = ref.lastIndexOf(':');
  return clip(tag > ref.lastIndexOf('/') ? ref.slice(0, tag) : ref);
}

/** The USER a stage's image runs as (after its last instruction); undefined when unknown. */
export function runsAs(stage: StageModel): string | undefined {
  const last = stage.instructions.at(-1) ?? stage.from;
  if (last.keyword === 'USER' && !last.onbuild) return last.args.length === 1 ? last.args[0]?.value : undefined;
  return last.user;
}

/** For an effect inside a script the RUN executed: where it happens, innermost script first (`setup.sh:12`). */
export function scriptRelated(effect: FileEffect): RelatedInfo[] {
  if (!effect.via) return [];
  const innermostFirst = [...effect.via].reverse();
  return innermostFirst.map((at, i) => ({
    message: i === 0 ? `\`${effect.command}\` runs here, in ${at.file.display}.` : `${innermostFirst[i - 1]?.file.display ?? 'A script'} runs from here.`,
    filePath: at.file.path,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
  }));
}

/** ` in setup.sh:12` for an effect inside an executed script (the innermost one), else empty: what messages insert. */
export function viaText(effect: FileEffect): string {
  const at = effect.via?.at(-1);
  return at ? ` in ${clip(`${at.file.display}:${String(at.line + 1)}`)}` : '';
}
