import type { SeverityName } from '../engine/types.js';
import type { BuilderProfile } from '../model/types.js';

/** The settings one lint run uses, after config files and command-line options are merged. */
export interface ResolvedConfig {
  builder: BuilderProfile;
  /** Severity per rule id; rules not named use their default. */
  rules: Readonly<Record<string, SeverityName>>;
  /** `--build-arg` values. */
  buildArgs: Readonly<Record<string, string>>;
  /** Extra image → volume paths facts, added to the shipped table (an entry replaces the shipped one). */
  baseImageVolumes: Readonly<Record<string, readonly string[]>>;
  /** Gitignore-style patterns of files not to lint, relative to the directory of `configFile`. */
  ignorePatterns: readonly string[];
  /** The config file these settings come from; absent when none applies. */
  configFile?: string;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  builder: 'portable',
  rules: {},
  buildArgs: {},
  baseImageVolumes: {},
  ignorePatterns: [],
};
