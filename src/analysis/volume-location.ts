import type { RelatedInfo } from '../text/annotations.js';
import type { DockerfileModel, StageModel, VolumeDecl } from '../model/types.js';
import type { FileEffect } from '../shell/types.js';

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

/** The image and fact source of an inherited volume, for messages. */
export function inheritedFrom(volume: VolumeDecl): { image: string; source: string } {
  return { image: volume.image ?? volume.word.raw, source: volume.source ?? TABLE };
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
  return at ? ` in ${at.file.display}:${at.line + 1}` : '';
}
