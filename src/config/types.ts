import type { SeverityName } from '../rule-api/types.js';
import type { ImageFactsInput } from '../model/base-images.js';
import type { BuilderProfile } from '../model/types.js';

/** The settings one lint run uses, after config files and command-line options are merged. */
export interface ResolvedConfig {
  builder: BuilderProfile;
  /** Severity per rule id; rules not named use their default. */
  rules: Readonly<Record<string, SeverityName>>;
  /** `--build-arg` values. */
  buildArgs: Readonly<Record<string, string>>;
  /**
   * What images declare, image reference or pattern → volumes, ENV, WORKDIR, USER (`baseImages`, and the older
   * `baseImageVolumes` as volumes alone); an entry replaces the shipped facts for the images it matches.
   */
  baseImages: Readonly<Record<string, ImageFactsInput>>;
  /** Read each FROM image's real config (local store, else its registry), cached on disk. */
  resolveImages: boolean;
  /** With resolveImages: use only the cache, never the network or a local store (`--offline`). */
  offline: boolean;
  /** With resolveImages: the platform to take from a multi-platform image when a FROM names none (`--platform`). */
  platform?: string;
  /** Gitignore-style patterns of files not to lint, relative to the directory of `configFile`. */
  ignorePatterns: readonly string[];
  /** The build context directory (absolute); absent: each Dockerfile's own directory. */
  context?: string;
  /** The config file these settings come from; absent when none applies. */
  configFile?: string;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  builder: 'portable',
  rules: {},
  buildArgs: {},
  baseImages: {},
  resolveImages: false,
  offline: false,
  ignorePatterns: [],
};
