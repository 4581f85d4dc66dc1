import type { Instruction } from 'dockerfile-ast';
import type { LineIndex, Offsets } from '../text/line-index.js';
import type { PathPattern, Reach } from './path-pattern.js';

/** Builders whose VOLUME behaviour differs (docs/volume-semantics.md section 1). */
export type BuilderProfile = 'portable' | 'buildkit' | 'classic' | 'buildah' | 'buildah-compat' | 'kaniko';
export const BUILDER_PROFILES: readonly BuilderProfile[] = ['portable', 'buildkit', 'classic', 'buildah', 'buildah-compat', 'kaniko'];

/**
 * Variable values visible at a point. `undefined` marks a variable that exists but whose value is unknown
 * (an ARG without default, or one derived from unknown values): paths using it are never resolved.
 * `complete` says that a name absent from the map is known to be unset rather than unknown; ask
 * `lookupVariable` (model/environment.ts), never `has` alone.
 */
export interface Environment extends ReadonlyMap<string, string | undefined> {
  readonly complete?: boolean;
}

/** A word of an instruction after Dockerfile variable expansion. */
export interface Word {
  /** The text as written. */
  raw: string;
  /** Expanded and unquoted value; undefined when a variable in it has no known value. */
  value: string | undefined;
  range: Offsets;
}

export type VolumeOrigin = 'stage' | 'ancestor' | 'base-image';

export interface VolumeDecl {
  /** Normalised absolute path (no trailing slash, `.`/`..` folded); undefined when unresolvable. */
  path: string | undefined;
  /** The argument as written. */
  word: Word;
  origin: VolumeOrigin;
  /** The VOLUME instruction that declared it (own stage or ancestor stage of this file). */
  declaredAt?: InstructionModel;
  /** For base-image volumes: the image reference as written in FROM and where the fact comes from. */
  image?: string;
  source?: string;
  /** The stage whose FROM brings in a base-image volume, or the stage of the VOLUME instruction. */
  stage: StageModel;
}

/**
 * The volumes in scope at an instruction: persistent, shared with the instructions around it, with lookups by path
 * (model/volume-scope.ts), so that asking costs the depth of a path, not the number of volumes in scope.
 */
export interface VolumesInScope {
  readonly size: number;
  /** In scope order (the base image's, then each VOLUME's): a new array on each call. */
  list(): VolumeDecl[];
  /** True when a volume with a POSIX path and one of `origins` is in scope. */
  hasAny(origins: ReadonlySet<VolumeOrigin>): boolean;
  /** The most specific volume of one of `origins` that acting on `pattern` reaches for sure (`reaches` says yes). */
  mostSpecific(pattern: PathPattern, reach: Reach, origins: ReadonlySet<VolumeOrigin>, windows?: boolean): VolumeDecl | undefined;
}

export type BaseRef =
  | { kind: 'stage'; stage: StageModel; word: Word }
  | { kind: 'scratch'; word: Word }
  | { kind: 'image'; word: Word; /** resolved reference, undefined when a variable is unknown */ ref: string | undefined };

export type ShellKind = 'posix' | 'other';

export interface StageModel {
  index: number;
  name: string | undefined;
  from: InstructionModel;
  base: BaseRef;
  /** Instructions of the stage after its FROM. */
  instructions: InstructionModel[];
  /** Stage that this one is built on, through `FROM <stage>` chains. */
  parent: StageModel | undefined;
}

export interface InstructionModel {
  /** Upper-case keyword (for ONBUILD triggers, the trigger's keyword). */
  keyword: string;
  /** Whole instruction, from keyword to the end of its last line (heredocs included). */
  range: Offsets;
  keywordRange: Offsets;
  /** Arguments after flags, as written and expanded with the environment in scope. */
  args: Word[];
  /** Flags such as `--mount=...`, `--chown=...`, `--from=...`: name (without dashes) to value word. */
  flags: { name: string; value: Word | undefined; range: Offsets }[];
  /** True for JSON (exec) form. */
  json: boolean;
  stage: StageModel | undefined;
  /** The ONBUILD instruction that carries this trigger. */
  onbuild?: InstructionModel;
  env: Environment;
  /** Working directory at this instruction; undefined when unknown (external base image without WORKDIR). */
  workdir: string | undefined;
  /** The USER in effect: `root` when the base image and the stage set none, undefined when unknown. */
  user: string | undefined;
  shell: ShellKind;
  /** Volumes in scope before this instruction runs, in scope order (listed on first use from `volumeScope`). */
  readonly volumes: readonly VolumeDecl[];
  /**
   * The same volumes as a persistent scope shared with the instructions around it, with lookups by path: what code
   * that runs for every instruction asks, so that its work does not grow with the number of volumes in scope.
   */
  volumeScope: VolumesInScope;
  /** The parser's instruction, for detail the model does not carry. */
  node: Instruction;
}

export interface CommentModel {
  text: string;
  range: Offsets;
  /** 0-based line. */
  line: number;
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  /** `# syntax=` directive value, if any. */
  syntax: string | undefined;
  /** True when the file targets Windows containers (backtick escape, a Windows base image): no POSIX shell analysis. */
  windows: boolean;
  stages: StageModel[];
  /** Every instruction in file order, including those before the first FROM; ONBUILD triggers follow their ONBUILD. */
  instructions: InstructionModel[];
  /** Top-level comment lines (not those inside a continued instruction). */
  comments: CommentModel[];
}
