import path from 'node:path';
import { lookupImageFacts, type BaseImageTable } from '../model/base-images.js';
import { buildModel } from '../model/build.js';
import { isUnderOrEqual, isWindowsPath, normalizePath } from '../model/paths.js';
import type { DockerfileModel, StageModel } from '../model/types.js';
import type { BuildSpec, Located } from '../runtime/types.js';
import { analyzeRun, isShellParserLoaded } from '../shell/index.js';

/** A VOLUME an image declares, and where that is known from. */
export interface ImageVolume {
  path: string;
  /** `VOLUME` in the Dockerfile a service builds, or the shipped facts of a known image. */
  origin: 'dockerfile' | 'base-image';
  /** The VOLUME word, when it is in a Dockerfile volint read. */
  at?: Located;
  /** For base-image facts: the image and the upstream file the fact comes from. */
  image?: string;
  source?: string;
}

/** Content the build puts into the image: what a RUN writes (package installs, builds, copies). */
export interface ImageWrite {
  path: string;
  /** The command (`npm`, `cp`). */
  command: string;
  /** A package manager's install folder (`node_modules`, `vendor`): content the build context does not hold. */
  install: boolean;
  at: Located;
}

export interface ImageFacts {
  /** undefined when what the image declares is unknown (an image the facts do not list, an unreadable Dockerfile). */
  volumes: ImageVolume[] | undefined;
  /** The image at the root of the FROM chain (`busybox`, `scratch`), or the image itself; undefined when unknown. */
  rootImage: string | undefined;
  /** What RUNs of the built stage and its parents write; empty for a pulled image (unknown). */
  writes: ImageWrite[];
  /** The Dockerfile read, for a build. */
  dockerfile?: string;
}

export type ReadText = (file: string) => string | undefined;

/** Package managers whose write to a project directory lands in one folder of it. */
const INSTALL_DIRECTORY: Readonly<Record<string, string>> = { npm: 'node_modules', yarn: 'node_modules', pnpm: 'node_modules', composer: 'vendor' };

function normalized(p: string): string {
  return isWindowsPath(p) ? p : normalizePath(p);
}

/**
 * What pulled images and the Dockerfiles services build declare. A Dockerfile is modelled once per text: a reader
 * outlives one lint (a run, an editor session), and the Dockerfile may change meanwhile.
 */
export class ImageFactsReader {
  private readonly builds = new Map<string, { text: string; facts: ImageFacts }>();

  constructor(
    private readonly read: ReadText,
    private readonly table: BaseImageTable,
  ) {}

  /** Facts of an image pulled by reference: its volumes when the shipped facts (or the config) know the image. */
  forImage(ref: string): ImageFacts {
    // Undefined for an image volint knows nothing of; a known image with no VOLUME gives an empty list.
    const known = lookupImageFacts(this.table, ref);
    // A run-time finding needs the volumes of this very tag: those of a nearby tag are a guess (grafana dropped its
    // volumes in 5.1, so `grafana:7.4.5` guessed from `5.0` would be wrong).
    if (!known || known.guessed) return { volumes: undefined, rootImage: ref, writes: [] };
    const volumes = known.volumes.map<ImageVolume>((v) => ({ path: v.path, origin: 'base-image', image: ref, source: v.source }));
    return { volumes, rootImage: ref, writes: [] };
  }

  /**
   * Facts of the image a `build:` makes: the VOLUMEs of the target stage (or the last) and of the stages and
   * base image it is built on, and what its RUNs write (when the shell analysis is loaded).
   */
  forBuild(build: BuildSpec): ImageFacts {
    const file = build.dockerfile;
    if (file === undefined) return { volumes: undefined, rootImage: undefined, writes: [] };
    const text = this.read(file);
    if (text === undefined) return { volumes: undefined, rootImage: undefined, writes: [] };
    const key = `${file}\u0000${build.target ?? ''}`;
    const known = this.builds.get(key);
    if (known?.text === text) return known.facts;
    const facts = this.readBuild(file, text, build.target);
    this.builds.set(key, { text, facts });
    return facts;
  }

  private readBuild(file: string, text: string, target: string | undefined): ImageFacts {
    let model: DockerfileModel;
    try {
      model = buildModel(text.replace(/^\uFEFF/, ''), { baseImages: this.table });
    } catch {
      return { volumes: undefined, rootImage: undefined, writes: [], dockerfile: file };
    }
    const stage = target === undefined ? model.stages.at(-1) : model.stages.find((s) => s.name?.toLowerCase() === target.toLowerCase());
    if (!stage || model.windows) return { volumes: undefined, rootImage: undefined, writes: [], dockerfile: file };
    const chain: StageModel[] = [];
    for (let s: StageModel | undefined = stage; s; s = s.parent) chain.unshift(s);
    const root = chain[0] ?? stage;
    const rootImage = root.base.kind === 'scratch' ? 'scratch' : root.base.kind === 'image' ? root.base.ref : undefined;

    const volumes: ImageVolume[] = [];
    let known = true;
    const baseRef = root.base.kind === 'image' ? root.base.ref : undefined;
    if (root.base.kind === 'image') {
      const base = baseRef === undefined ? undefined : this.forImage(baseRef).volumes;
      if (base === undefined) known = false;
      else volumes.push(...base);
    }
    for (const instr of chain.flatMap((s) => s.instructions)) {
      if (instr.keyword !== 'VOLUME' || instr.onbuild) continue;
      for (const word of instr.args) {
        const value = word.value;
        if (value === undefined) {
          known = false;
          continue;
        }
        if (!value.startsWith('/') && !isWindowsPath(value)) continue;
        volumes.push({ path: normalized(value), origin: 'dockerfile', at: { file, range: word.range } });
      }
    }

    let writes: ImageWrite[] = [];
    if (isShellParserLoaded()) {
      for (const instr of chain.flatMap((s) => s.instructions)) {
        if (instr.keyword !== 'RUN' || instr.onbuild || instr.shell !== 'posix') continue;
        for (const effect of analyzeRun(instr, model).effects) {
          const pattern = effect.path;
          if (pattern.tail !== 'exact' || pattern.prefix === undefined) continue;
          const target = pattern.prefix;
          // What a later RUN removes or moves away (`mv node_modules /node_modules`) is not in the image there.
          if (effect.kind === 'delete') writes = writes.filter((w) => !isUnderOrEqual(w.path, target));
          if (effect.kind !== 'write') continue;
          const folder = INSTALL_DIRECTORY[effect.command];
          const install = folder !== undefined && effect.recursive;
          const written = install && !target.endsWith(`/${folder}`) ? path.posix.join(target, folder) : target;
          writes.push({ path: written, command: effect.command, install, at: { file, range: effect.range } });
        }
      }
    }
    // An unknown base image may declare more: the list is then a lower bound, which is all a rule may use.
    return { volumes: known || volumes.length > 0 ? volumes : undefined, rootImage, writes, dockerfile: file };
  }
}
