import type { SuggestionDescriptor } from '../text/annotations.js';
import type { RunReader } from './volume-effects.js';
import { defaultBaseImageTable, lookupBaseImageVolumes, parseImageRef, shippedImagesWithVolumes } from '../model/base-images.js';
import type { PathPattern } from '../model/path-pattern.js';
import { isUnderOrEqual, isWindowsPath, normalizePath } from '../model/paths.js';
import { argumentsSpan } from '../model/read-instruction.js';
import type { InstructionModel, StageModel, VolumeDecl, Word } from '../model/types.js';
import type { FileEffect } from '../shell/types.js';
import { effectiveCommand, type EffectiveCommand } from './container-command.js';
import { destinationPath, mostSpecificVolume } from './copy-destination.js';
import { hostPathShape } from './volume-args.js';

/** Images with nothing in them but a shell or a no-op binary: a data container built on them has wrong ownership. */
const MINIMAL_IMAGES = new Set(['busybox', 'alpine', 'tianon/true', 'progrium/busybox', 'gliderlabs/alpine', 'hello-world']);

export interface OwnVolume {
  path: string;
  word: Word;
}

/** The final image of a file when it holds only data (docs/volume-semantics.md section 5). */
export interface DataImage {
  /** The stage at the root of the chain: its FROM names the base image. */
  root: StageModel;
  /** Paths the image's own VOLUME instructions declare. */
  ownVolumes: OwnVolume[];
  /** Volumes the base image declares. */
  baseVolumes: VolumeDecl[];
  command: EffectiveCommand | undefined;
}

/**
 * The final image when it adds no app: it has volumes (its own or its base image's), its command is not an app,
 * its COPY/ADD only fill the volumes (or, when the command is a no-op, anything: the image exists to hold files),
 * and its RUNs only prepare directories.
 */
export function dataOnlyImage(context: RunReader): DataImage | undefined {
  const { model } = context;
  const final = model.stages.at(-1);
  if (!final || model.windows) return undefined;
  const chain: StageModel[] = [];
  for (let s: StageModel | undefined = final; s; s = s.parent) chain.push(s);
  chain.reverse();
  const root = chain[0] ?? final;
  const instructions = chain.flatMap((s) => s.instructions).filter((i) => i.onbuild === undefined);

  const ownVolumes: OwnVolume[] = [];
  for (const instr of instructions) {
    if (instr.keyword !== 'VOLUME') continue;
    for (const word of instr.args) {
      const value = word.value;
      // Broken arguments (`/a,`, `/x:/y`) are volume-syntax's and volume-host-path's findings, not volumes.
      if (value?.startsWith('/') && !hostPathShape(value) && !/[,\]]$/.test(value)) ownVolumes.push({ path: normalizePath(value), word });
    }
  }
  const baseVolumes = (instructions[0]?.volumes ?? []).filter((v) => v.origin === 'base-image');
  const volumes: { path: string | undefined }[] = [...ownVolumes, ...baseVolumes];
  if (volumes.length === 0) return undefined;

  const command = effectiveCommand(chain);
  if (command?.kind === 'app') return undefined;
  const paths = new VolumePaths(volumes.flatMap((v) => (v.path === undefined ? [] : [v.path])));
  for (const instr of instructions) {
    if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
      const dest = destinationPath(instr, model);
      const intoVolume = dest !== undefined && (paths.covers(dest.path) ?? mostSpecificVolume(dest.path, volumes) !== undefined);
      if (!intoVolume && command?.kind !== 'noop') return undefined;
    }
  }
  // RUNs last: they are the only check that needs a shell parse.
  for (const instr of instructions) {
    if (instr.keyword === 'RUN' && !preparesOnly(context, instr, paths)) return undefined;
  }
  return { root, ownVolumes, baseVolumes, command };
}

/**
 * The data image's volume paths, asked about by path for every RUN effect and COPY of a chain of stages: set lookups
 * along the asked path, not a scan of every volume (a long chain declares many).
 */
class VolumePaths {
  private readonly paths = new Set<string>();
  /** Every volume path and each directory above it. */
  private readonly withParents = new Set<string>();

  constructor(paths: readonly string[]) {
    for (const p of paths) {
      this.paths.add(p);
      for (let end = p.length; end > 0; end = p.lastIndexOf('/', end - 1)) this.withParents.add(p.slice(0, end));
      this.withParents.add('/');
    }
  }

  /** True when `p` is a volume path or lies below one (`isUnderOrEqual(p, volume)`). */
  inside(p: string): boolean {
    if (this.paths.has('/')) return true;
    for (let end = p.length; end > 0; end = p.lastIndexOf('/', end - 1)) if (this.paths.has(p.slice(0, end))) return true;
    return false;
  }

  /** True when a volume path is `p` or lies below it (`isUnderOrEqual(volume, p)`). */
  above(p: string): boolean {
    return this.withParents.has(p);
  }

  /**
   * Whether a COPY/ADD to `destination` lands in a volume for sure; undefined for a Windows path, which
   * `mostSpecificVolume` answers.
   */
  covers(destination: PathPattern): boolean | undefined {
    const prefix = destination.prefix;
    if (prefix === undefined || isWindowsPath(prefix) || destination.tail === 'glob') return undefined;
    // A write at an exact path or below a known prefix lands in every volume at or above it.
    return this.inside(prefix);
  }
}

/** True when the stage's FROM names scratch or an image with nothing but a shell or a no-op binary. */
export function isMinimalBase(stage: StageModel): boolean {
  const base = stage.base;
  if (base.kind === 'scratch') return true;
  return base.kind === 'image' && base.ref !== undefined && MINIMAL_IMAGES.has(parseImageRef(base.ref).repository);
}

/**
 * A RUN that adds no app: every command in it either only touches the volumes and the directories above them
 * (`mkdir -p`, `chown`, `touch`, reads anywhere) or is a no-op such as `echo`. A command the shell analysis finds
 * no path for (`apk add`, `make`) is an app, and so is a write elsewhere (`pip install` into site-packages).
 */
function preparesOnly(context: RunReader, instr: InstructionModel, volumes: VolumePaths): boolean {
  if (instr.shell !== 'posix') return false;
  // A shell-form RUN's words are read from its text: a long RUN has hundreds of thousands.
  if (instr.json ? instr.args.length === 0 : !argumentsSpan(instr, context.model.text, context.model.escapeChar)) return true;
  const analysis = context.runEffects(instr);
  if (!analysis.clean) return false;
  const preparing = (effect: FileEffect): boolean => {
    const { prefix, tail } = effect.path;
    if (effect.kind === 'read') return true;
    if (prefix === undefined || prefix === '/') return false;
    // An exact path may be a parent the volumes need (`mkdir -p`, `chown`); anything less known must lie inside one.
    return volumes.inside(prefix) || (tail === 'exact' && volumes.above(prefix));
  };
  if (!analysis.effects.every(preparing)) return false;
  // Every command that is not a no-op must be one that prepared those paths.
  return analysis.commands.every((c) => c.hadEffects);
}

/**
 * "Use the service image" suggestions: images of volint's table whose volumes cover every path the data
 * container declares (`/var/lib/postgresql/data` → `postgres`). None when the paths are too generic to point at
 * a few images (`/data`).
 */
export function serviceImageSuggestions(root: StageModel, ownVolumes: readonly OwnVolume[]): SuggestionDescriptor[] {
  const paths = ownVolumes.map((v) => v.path).filter((p) => !isWindowsPath(p));
  if (paths.length === 0 || paths.length !== ownVolumes.length) return [];
  const table = defaultBaseImageTable();
  const candidates: string[] = [];
  for (const refs of shippedImagesWithVolumes().values()) {
    const match = refs.find((ref) => {
      const declared = lookupBaseImageVolumes(table, ref).map((v) => v.path);
      return paths.every((p) => declared.some((d) => isUnderOrEqual(p, d)));
    });
    if (match !== undefined) candidates.push(match);
  }
  // Official images (no namespace) first, and alone when there are some: they are the service images people know.
  const official = candidates.filter((c) => !c.includes('/'));
  const chosen = official.length > 0 ? official : candidates;
  if (chosen.length === 0 || chosen.length > 4) return [];
  const word = root.base.word;
  return chosen.map((image) => ({
    desc: `Build FROM ${image}, the service image that declares the same volume${paths.length > 1 ? 's' : ''}`,
    fix: { range: [word.range.start, word.range.end], text: image },
  }));
}
