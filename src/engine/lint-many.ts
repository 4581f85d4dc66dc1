import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { contentHash, type LintCache } from './cache.js';
import { lintBytes, lintFile, type FileLintOptions } from './lint-files.js';
import { fatalResult } from './results.js';
import { decodeSource, MAX_SOURCE_BYTES } from './source.js';
import type { LintResult } from '../rule-api/types.js';

export interface ManyFilesOptions extends FileLintOptions {
  cache?: LintCache;
}

/** A result and, when asked for, the hash of the bytes it was computed from (none when the file was unreadable). */
export interface Linted {
  result: LintResult;
  hash?: string;
}

/**
 * Lints one file as lintFile does, and hashes the bytes it read. Only a regular file is read: a pipe or device
 * named on the command line (`volint /dev/zero`) would block or never end. The read is synchronous: for thousands
 * of small files, promise reads (open, stat, read and close, each a trip through the thread pool) took longer than
 * the lint.
 */
export async function lintOne(filePath: string, options: FileLintOptions, wantHash: boolean): Promise<Linted> {
  let bytes: Uint8Array;
  try {
    const read = readRegularFile(filePath);
    if (typeof read === 'string') return { result: fatalResult(filePath, `Cannot read the file: ${read}.`) };
    bytes = read;
  } catch {
    // lintFile turns the read error into the fatal message a file that cannot be read gets.
    return { result: await lintFile(filePath, options) };
  }
  const result = await lintBytes(bytes, filePath, options);
  return wantHash ? { result, hash: contentHash(bytes) } : { result };
}

/** The file's bytes, or why it is not read; throws what reading throws. */
function readRegularFile(filePath: string): Uint8Array | string {
  // Non-blocking, so that opening a pipe with no writer returns at once (it has no effect on regular files).
  const fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return whyNotRead(fstatSync(fd)) ?? readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function whyNotRead(info: Stats): string | undefined {
  if (!info.isFile()) return 'it is not a regular file but a pipe, socket or device';
  if (info.size > MAX_SOURCE_BYTES) return `it is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB, so it is not a Dockerfile`;
  return undefined;
}

/** For paths other readers must not open (`--fix` reads with a plain read): the fatal result of lintOne, else undefined. */
export function irregularFileResult(filePath: string): LintResult | undefined {
  let fd: number;
  try {
    fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const why = whyNotRead(fstatSync(fd));
    return why === undefined ? undefined : fatalResult(filePath, `Cannot read the file: ${why}.`);
  } finally {
    closeSync(fd);
  }
}

/** Lints files and gives their results in the order given: unchanged files come from the cache. */
export async function lintFiles(files: readonly string[], options: ManyFilesOptions): Promise<LintResult[]> {
  const { cache } = options;
  const results = new Map<string, LintResult>();
  if (cache) {
    for (const file of files) {
      const hit = await cachedResult(cache, file, options);
      if (hit) results.set(file, hit);
    }
  }
  const pending = files.filter((file) => !results.has(file));
  const wantHash = cache !== undefined;
  for (const file of pending) {
    const done = await lintOne(file, options, wantHash);
    results.set(file, done.result);
    const config = cache && done.hash !== undefined ? await options.configFor(file) : undefined;
    if (cache && done.hash !== undefined && config && !config.resolveImages) cache.set(file, done.hash, config, done.result, options.composeFiles);
  }
  return files.flatMap((file) => results.get(file) ?? []);
}

async function cachedResult(cache: LintCache, file: string, options: FileLintOptions): Promise<LintResult | undefined> {
  // With --resolve-images a result depends on image configs that change without the file: never from the cache.
  if ((await options.configFor(file)).resolveImages) return undefined;
  let bytes: Uint8Array;
  try {
    const read = readRegularFile(file);
    if (typeof read === 'string') return undefined;
    bytes = read;
  } catch {
    return undefined;
  }
  const decoded = decodeSource(bytes);
  return cache.get(file, contentHash(bytes), await options.configFor(file), decoded.ok ? decoded.text : undefined, options.composeFiles);
}
