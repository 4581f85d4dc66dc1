import type { SeverityName } from '../engine/types.js';
import type { BuilderProfile } from '../model/types.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from './types.js';

/** Settings given on the command line (or by an editor); they win over config files. */
export interface ConfigOverrides {
  builder?: BuilderProfile;
  rules?: Record<string, SeverityName>;
  buildArgs?: Record<string, string>;
}

export function applyOverrides(base: ResolvedConfig, overrides: ConfigOverrides): ResolvedConfig {
  return {
    ...base,
    builder: overrides.builder ?? base.builder,
    rules: { ...base.rules, ...overrides.rules },
    buildArgs: { ...base.buildArgs, ...overrides.buildArgs },
  };
}

export interface ConfigResolver {
  /** The config that applies to a file. */
  configFor(filePath: string): Promise<ResolvedConfig>;
}

export function createConfigResolver(overrides: ConfigOverrides): ConfigResolver {
  const config = applyOverrides(DEFAULT_CONFIG, overrides);
  return { configFor: () => Promise.resolve(config) };
}
