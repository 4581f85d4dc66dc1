import path from 'node:path';
import ignore from 'ignore';
import type { SeverityName } from '../rule-api/types.js';
import { parseSeverity } from './severity.js';
import type { BuilderProfile } from '../model/types.js';
import { DirectoryListings } from '../io/directory-listings.js';
import { findConfigFile, loadConfigFile, type ConfigFile } from './files.js';
import type { ConfigFileData } from './schema.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from './types.js';

/** Settings given on the command line (or by an editor); they win over config files. */
export interface ConfigOverrides {
  builder?: BuilderProfile;
  rules?: Record<string, SeverityName>;
  buildArgs?: Record<string, string>;
  resolveImages?: boolean;
  offline?: boolean;
  platform?: string;
  /** `--context DIR`, absolute. */
  context?: string;
}

export function applyOverrides(base: ResolvedConfig, overrides: ConfigOverrides): ResolvedConfig {
  return {
    ...base,
    builder: overrides.builder ?? base.builder,
    rules: { ...base.rules, ...overrides.rules },
    buildArgs: { ...base.buildArgs, ...overrides.buildArgs },
    resolveImages: overrides.resolveImages ?? base.resolveImages,
    offline: overrides.offline ?? base.offline,
    ...(overrides.platform === undefined ? {} : { platform: overrides.platform }),
    ...(overrides.context === undefined ? {} : { context: overrides.context }),
  };
}

export interface ConfigResolverOptions {
  /** `--config FILE`: use this file for every linted file instead of looking for the nearest one. */
  configFile?: string;
  /** Directory a relative `configFile` is resolved against. */
  cwd?: string;
  /** The rule ids a config file may name (the run's rules and `unused-ignore`); any id when absent. */
  ruleIds?: readonly string[];
  /** The run's directory listings, when a walk has read the directories already. */
  listings?: DirectoryListings;
}

export interface ConfigResolver {
  /** The config that applies to a file; rejects with a ConfigError when its config file is unusable. */
  configFor(filePath: string): Promise<ResolvedConfig>;
  /** True when the `ignorePatterns` of the file's config exclude it. */
  isIgnored(filePath: string): Promise<boolean>;
}


/** Turns validated file data into settings; the file's own values replace the defaults key by key. */
export function configFromFile(loaded: ConfigFile | undefined): ResolvedConfig {
  if (!loaded) return DEFAULT_CONFIG;
  const data: ConfigFileData = loaded.data;
  const rules: Record<string, SeverityName> = {};
  for (const [id, severity] of Object.entries(data.rules ?? {})) rules[id] = parseSeverity(severity) ?? 'off';
  const buildArgs: Record<string, string> = {};
  for (const [name, value] of Object.entries(data.buildArgs ?? {})) buildArgs[name] = String(value);
  return {
    builder: data.builder ?? DEFAULT_CONFIG.builder,
    rules,
    buildArgs,
    // The older key states volumes alone; `baseImages` wins for an image both name.
    baseImages: { ...Object.fromEntries(Object.entries(data.baseImageVolumes ?? {}).map(([image, volumes]) => [image, { volumes }])), ...data.baseImages },
    resolveImages: data.resolveImages ?? false,
    offline: false,
    ignorePatterns: data.ignorePatterns ?? [],
    ...(data.context === undefined ? {} : { context: path.resolve(path.dirname(loaded.file), data.context) }),
    configFile: loaded.file,
  };
}

/**
 * Finds and caches the config of each linted file: `--config` if given, else the nearest `.volintrc.json`,
 * `.volintrc.yaml`, `.volintrc.yml` or `package.json` with a `volint` key, searching upward from the file. Values
 * on the command line win over the file's.
 */
export function createConfigResolver(overrides: ConfigOverrides, options: ConfigResolverOptions = {}): ConfigResolver {
  const lookup = { cache: new Map<string, Promise<ConfigFile | undefined>>(), listings: options.listings ?? new DirectoryListings(), ruleIds: options.ruleIds };
  const resolved = new Map<ConfigFile | undefined, ResolvedConfig>();
  const { configFile, ruleIds } = options;
  // Loaded on first use, so that a broken file rejects inside a lint call that handles it.
  let explicit: Promise<ConfigFile | undefined> | undefined;

  const configFor = async (filePath: string): Promise<ResolvedConfig> => {
    let loaded: ConfigFile | undefined;
    if (configFile !== undefined) {
      explicit ??= loadConfigFile(path.resolve(options.cwd ?? process.cwd(), configFile), true, ruleIds);
      loaded = await explicit;
    } else {
      loaded = await findConfigFile(path.dirname(path.resolve(filePath)), lookup);
    }
    let config = resolved.get(loaded);
    if (!config) {
      // One object per config file: the linter caches the base-image table per config object.
      config = applyOverrides(configFromFile(loaded), overrides);
      resolved.set(loaded, config);
    }
    return config;
  };

  return {
    configFor,
    async isIgnored(filePath) {
      const config = await configFor(filePath);
      if (config.ignorePatterns.length === 0 || config.configFile === undefined) return false;
      const rel = path.relative(path.dirname(config.configFile), path.resolve(filePath)).split(path.sep).join('/');
      if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
      return ignore().add([...config.ignorePatterns]).ignores(rel);
    },
  };
}
