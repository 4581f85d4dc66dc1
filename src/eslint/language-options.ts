import { ConfigError } from '../config/errors.js';
import { configFromFile } from '../config/resolve.js';
import { configKeys, validateConfig, type ConfigFileData } from '../config/schema.js';
import type { ResolvedConfig } from '../config/types.js';
import { baseImageTableOf } from '../config/base-image-table.js';
import type { BaseImageTable } from '../model/base-images.js';

/*
 * The Dockerfile language's options are the settings of a volint config file that are about the files themselves
 * (builder profile, build args, base-image facts), checked against the same schema. `rules` and `ignorePatterns`
 * have an ESLint counterpart (the config object's `rules` and `ignores`); `resolveImages` needs I/O.
 */

/** Where findings say base-image facts from the options come from. */
const FACT_SOURCE = 'ESLint languageOptions';
/** Config-file keys that are not language options: ESLint has its own rules and ignores. */
const ESLINT_HAS_ITS_OWN = new Set(['$schema', 'rules', 'ignorePatterns', 'resolveImages']);

export type DockerfileLanguageOptions = Pick<ConfigFileData, Exclude<keyof ConfigFileData, 'rules' | 'ignorePatterns' | 'resolveImages'>>;

export interface LanguageSettings {
  config: ResolvedConfig;
  baseImages: BaseImageTable;
}

let keys: readonly string[] | undefined;

/**
 * volint's own keys of `languageOptions`. Other keys are left alone: a config object without `files` (such as
 * `{ languageOptions: { globals } }` for JavaScript) applies to Dockerfiles too, and must not make them fail.
 */
function ownOptions(options: Record<string, unknown>): Record<string, unknown> {
  keys ??= configKeys().filter((k) => !ESLINT_HAS_ITS_OWN.has(k));
  const own: Record<string, unknown> = {};
  for (const key of keys) if (options[key] !== undefined) own[key] = options[key];
  return own;
}

/** Throws a ConfigError naming the offending key (`languageOptions: builder: "x" is not allowed: ...`). */
export function validateLanguageOptions(options: Record<string, unknown>): void {
  if (options.resolveImages !== undefined) {
    // Reading images' configs takes I/O that ESLint's synchronous parse cannot wait for.
    throw new ConfigError('languageOptions', 'resolveImages', 'not available under ESLint, which parses synchronously: state the images in baseImages.');
  }
  validateConfig(ownOptions(options), 'languageOptions');
}

const settingsByOptions = new WeakMap<object, LanguageSettings>();

/** The volint settings for a file's language options; one per options object, as ESLint reuses it for many files. */
export function languageSettings(options: Record<string, unknown>): LanguageSettings {
  let settings = settingsByOptions.get(options);
  if (!settings) {
    const data = validateConfig(ownOptions(options), 'languageOptions');
    const config = configFromFile({ file: FACT_SOURCE, data });
    settings = { config, baseImages: baseImageTableOf(config) };
    settingsByOptions.set(options, settings);
  }
  return settings;
}
