import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { LintResult, RuleInfo } from '../rule-api/types.js';
import { writeFileAtomic } from '../io/write-atomic.js';

/** Bumped when the layout of the cache file changes. */
const FORMAT = 1;
export const DEFAULT_CACHE_FILE = '.volint-cache';

interface CacheEntry {
  /** sha256 of the file's bytes. */
  hash: string;
  /** sha256 of the settings that applied to the file. */
  config: string;
  /** The result without `source`, which is the file's text and comes back from the bytes on a hit. */
  result: LintResult;
  /**
   * sha256 of each file the result depends on (build-context scripts; a Compose file's `.env`, override files and
   * Dockerfiles), `directory` for a directory, null for one that did not exist.
   */
  dependencies?: Record<string, string | null>;
  /** The other Compose files merged with this one (`-f a -f b`): the same bytes merged otherwise lint otherwise. */
  composeFiles?: string[];
}

interface CacheFile {
  format: number;
  fingerprint: string;
  /** Checked one by one when read (isEntry): a hand-edited file must not feed a reporter a broken result. */
  entries: Record<string, unknown>;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isCacheFile(value: unknown): value is CacheFile {
  if (typeof value !== 'object' || value === null) return false;
  const { format, fingerprint, entries } = value as Record<string, unknown>;
  return typeof format === 'number' && typeof fingerprint === 'string' && typeof entries === 'object' && entries !== null;
}

function isEntry(value: unknown): value is CacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { hash, config, result } = value as Record<string, unknown>;
  return typeof hash === 'string' && typeof config === 'string' && typeof result === 'object' && result !== null && Array.isArray((result as Record<string, unknown>).messages);
}

/**
 * The hash of a file a result depends on; `directory` for a directory (a rule asked whether it exists); null when it
 * cannot be read (absent now, or then).
 */
function fileHash(file: string): string | null {
  try {
    return contentHash(readFileSync(file));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'directory' : null;
  }
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).join('\u0000') === (b ?? []).join('\u0000');
}

/** Ties a cache to the volint version and the rule set: a change of either starts a new cache. */
export function cacheFingerprint(version: string, metas: readonly RuleInfo[]): string {
  return createHash('sha256').update(JSON.stringify({ version, metas })).digest('hex');
}

/** JSON with object keys sorted, so that equal settings hash equally whatever order they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Where `--cache-location` points: a directory (existing, or written with a trailing separator) holds
 * `.volint-cache`; anything else is the cache file itself.
 */
export async function resolveCacheFile(location: string | undefined, cwd: string): Promise<string> {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const absolute = path.resolve(cwd, location);
  if (/[\\/]$/.test(location)) return path.join(absolute, DEFAULT_CACHE_FILE);
  const info = await stat(absolute).catch(() => undefined);
  return info?.isDirectory() ? path.join(absolute, DEFAULT_CACHE_FILE) : absolute;
}

/**
 * Results of earlier runs, keyed by file path and valid while the file's bytes, its settings, the volint
 * version and the rules are the same (like ESLint's `--cache` with `--cache-strategy content`). The file is
 * JSON and only ever read as data.
 */
export class LintCache {
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();
  private changed = false;

  private constructor(
    readonly file: string,
    private readonly data: CacheFile,
  ) {}

  /** Opens the cache file; a missing, unreadable, corrupt or outdated one gives an empty cache. */
  static async open(file: string, fingerprint: string): Promise<LintCache> {
    const empty: CacheFile = { format: FORMAT, fingerprint, entries: {} };
    let data = empty;
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (isCacheFile(parsed) && parsed.format === FORMAT && parsed.fingerprint === fingerprint) data = parsed;
    } catch {
      // No cache yet, or one that cannot be used: start afresh.
    }
    return new LintCache(file, data);
  }

  private configKey(config: ResolvedConfig): string {
    let key = this.configKeys.get(config);
    if (key === undefined) {
      key = createHash('sha256').update(canonical(config)).digest('hex');
      this.configKeys.set(config, key);
    }
    return key;
  }

  /** The stored result for these bytes, settings and `-f` files, with `source` set to `text`. */
  get(filePath: string, hash: string, config: ResolvedConfig, text: string | undefined, composeFiles?: readonly string[]): LintResult | undefined {
    const entry = Object.hasOwn(this.data.entries, filePath) ? this.data.entries[filePath] : undefined;
    if (!isEntry(entry) || entry.hash !== hash || entry.config !== this.configKey(config)) return undefined;
    if (!sameList(entry.composeFiles, composeFiles)) return undefined;
    const dependencies = Object.entries(entry.dependencies ?? {});
    if (dependencies.some(([file, known]) => fileHash(file) !== known)) return undefined;
    return text === undefined ? { ...entry.result } : { ...entry.result, source: text };
  }

  set(filePath: string, hash: string, config: ResolvedConfig, result: LintResult, composeFiles?: readonly string[]): void {
    // JSON leaves out the undefined `source`.
    const dependencies = result.dependencies?.length ? Object.fromEntries(result.dependencies.map((file) => [file, fileHash(file)])) : undefined;
    this.data.entries[filePath] = {
      hash,
      config: this.configKey(config),
      result: { ...result, source: undefined },
      ...(dependencies ? { dependencies } : {}),
      ...(composeFiles?.length ? { composeFiles: [...composeFiles] } : {}),
    };
    this.changed = true;
  }

  /**
   * Writes the cache when it changed: to a temporary file renamed over the old one, so no reader sees half a file.
   * Entries of files that no longer exist are left out, as ESLint's cache does; a run over some files (pre-commit
   * passes the staged ones) keeps the entries of the others.
   */
  async save(): Promise<void> {
    if (!this.changed) return;
    const paths = Object.keys(this.data.entries);
    const absent = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
    const gone = await Promise.all(paths.map((p) => stat(p).then(() => false, absent)));
    paths.forEach((p, i) => {
      if (gone[i]) Reflect.deleteProperty(this.data.entries, p);
    });
    await writeFileAtomic(this.file, JSON.stringify(this.data));
    this.changed = false;
  }
}
