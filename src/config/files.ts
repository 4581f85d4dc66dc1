import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DirectoryListings } from '../io/directory-listings.js';
import { ConfigError } from './errors.js';
import type { ConfigFileData } from './schema.js';

// The YAML parser and the schema validator are large and only needed once a config file is found.
const loadSchema = () => import('./schema.js');

/** The names looked for in each directory, nearest directory first; within one directory, the first found wins. */
export const CONFIG_FILE_NAMES = ['.volintrc.json', '.volintrc.yaml', '.volintrc.yml', 'package.json'] as const;

export interface ConfigFile {
  /** Absolute path of the file. */
  file: string;
  data: ConfigFileData;
}

/**
 * Reads, parses and validates one config file. YAML and JSON are parsed as data only (no custom tags, no code);
 * a `package.json` counts only when it has a `volint` key, otherwise the result is undefined.
 */
export async function loadConfigFile(file: string, required = true, ruleIds?: readonly string[]): Promise<ConfigFile | undefined> {
  let text = readText(file, required);
  if (text === undefined) return undefined;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const name = path.basename(file);
  if (name === 'package.json') {
    // Someone else's broken package.json is not volint's business unless it tries to configure volint.
    if (!required && !text.includes('"volint"')) return undefined;
    const pkg = parseJson(text, file);
    if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg) || !('volint' in pkg)) return undefined;
    const { validateConfig } = await loadSchema();
    return { file, data: validateConfig((pkg as Record<string, unknown>).volint, file, ['volint'], ruleIds) };
  }
  const data = /\.ya?ml$/i.test(name) ? await parseYaml(text, file) : parseJson(text, file);
  const { validateConfig } = await loadSchema();
  return { file, data: validateConfig(data, file, [], ruleIds) };
}

/** The file's text; undefined when an optional candidate is simply not there. Read synchronously: a config file is small. */
function readText(file: string, required: boolean): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const absent = code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
    if (absent && !required) return undefined;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(error));
    throw new ConfigError(file, undefined, `cannot read the config file: ${why}.`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(file, undefined, `not valid JSON: ${(error as Error).message}`);
  }
}

async function parseYaml(text: string, file: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  // The core schema knows only plain data types; an unknown tag (`!!js/function`) is reported, never resolved.
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    // The parser's message ends with "at line L, column C:" and a snippet; say the position in one sentence instead.
    const reason = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').replace(/[.:]?$/, '.');
    const at = problem.linePos?.[0];
    throw new ConfigError(file, undefined, `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${reason}`);
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  // An empty file is an empty config, as an empty object would be.
  return data ?? {};
}

/**
 * The config file that applies to files in `dir`: the first of CONFIG_FILE_NAMES in `dir`, else in its parent,
 * and so on up to the root. The lookup's `cache` (one per resolver) holds each directory's answer; `listings` are the
 * run's directory listings, shared with the CLI's walk; `ruleIds`: the rules a config may name (see validateConfig).
 */
export interface ConfigLookup {
  cache: Map<string, Promise<ConfigFile | undefined>>;
  listings: DirectoryListings;
  ruleIds?: readonly string[] | undefined;
}

export function findConfigFile(dir: string, lookup: ConfigLookup): Promise<ConfigFile | undefined> {
  const { cache, listings, ruleIds } = lookup;
  let found = cache.get(dir);
  if (!found) {
    found = (async () => {
      // One listing per directory, then only the candidates present are read: trying each name with readFile cost
      // most of a corpus run in failed opens.
      // An unreadable directory lists nothing: it holds no config volint can use, and the lookup goes on upward.
      const present = listings.namesIn(dir);
      for (const name of CONFIG_FILE_NAMES) {
        if (!present.has(name)) continue;
        const here = await loadConfigFile(path.join(dir, name), false, ruleIds);
        if (here) return here;
      }
      const parent = path.dirname(dir);
      return parent === dir ? undefined : findConfigFile(parent, lookup);
    })();
    cache.set(dir, found);
  }
  return found;
}
