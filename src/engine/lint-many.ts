import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { contentHash, type LintCache } from './cache.js';
import { lintBytes, lintFile, type FileLintOptions } from './lint-files.js';
import { fatalResult } from './linter.js';
import { decodeSource, MAX_SOURCE_BYTES } from './source.js';
import type { LintResult } from './types.js';

/** `--concurrency`: threads that lint, the main one included; `auto` picks from the file count and the cores. */
export type Concurrency = number | 'auto' | 'off';

/**
 * Cores per linting thread: one thread keeps about 1.7 cores busy, since V8 compiles and collects garbage on helper
 * threads. Measured on 2 cores (the lint phase alone, 200 to 5,345 files), a second thread was 10 to 35% slower at
 * every size, so there `auto` stays on one thread.
 */
export const CORES_PER_THREAD = 2;
/** Files each thread must have: a worker first loads the linter (about 60 ms) and warms up its JIT. */
export const MIN_FILES_PER_THREAD = 800;

export interface ManyFilesOptions extends FileLintOptions {
  cache?: LintCache;
  /** Worker threads for many files; they take `rules` from the shipped rules by id (and leave their files to this thread when one is missing). */
  parallel?: { concurrency: Concurrency };
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

/** Reads `--concurrency`: `auto`, `off` or a whole number of threads; undefined when it is none of these. */
export function parseConcurrency(value: string): Concurrency | undefined {
  if (value === 'auto' || value === 'off') return value;
  return /^[1-9]\d{0,3}$/.test(value) ? Number(value) : undefined;
}

/** How many threads lint `files` files: one unless there are enough files to pay for starting workers. */
export function threadCount(files: number, concurrency: Concurrency): number {
  if (concurrency === 'off') return 1;
  const cores = availableParallelism();
  if (concurrency === 'auto') return Math.max(1, Math.min(Math.floor(cores / CORES_PER_THREAD), Math.floor(files / MIN_FILES_PER_THREAD)));
  return Math.max(1, Math.min(concurrency, files));
}

/**
 * Lints files and gives their results in the order given: unchanged files come from the cache, the rest are linted
 * on this thread or, when there are enough of them, on worker threads too.
 */
export async function lintFiles(files: readonly string[], options: ManyFilesOptions): Promise<LintResult[]> {
  const { cache, parallel } = options;
  const results = new Map<string, LintResult>();
  if (cache) {
    for (const file of files) {
      const hit = await cachedResult(cache, file, options);
      if (hit) results.set(file, hit);
    }
  }
  const pending = files.filter((file) => !results.has(file));
  const wantHash = cache !== undefined;
  const lintHere = (file: string): Promise<Linted> => lintOne(file, options, wantHash);
  const threads = parallel ? threadCount(pending.length, parallel.concurrency) : 1;
  let linted: Linted[] = [];
  if (parallel && threads > 1) {
    const { lintInParallel } = await import('./parallel.js');
    linted = await lintInParallel(pending, threads, { hash: wantHash, ruleIds: options.rules.map((r) => r.meta.id) }, lintHere, (file) => options.configFor(file));
  } else {
    for (const file of pending) linted.push(await lintHere(file));
  }
  for (const [k, file] of pending.entries()) {
    const done = linted[k];
    if (!done) continue;
    results.set(file, done.result);
    const config = cache && done.hash !== undefined ? await options.configFor(file) : undefined;
    if (cache && done.hash !== undefined && config && !config.resolveImages) cache.set(file, done.hash, config, done.result);
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
  return cache.get(file, contentHash(bytes), await options.configFor(file), decoded.ok ? decoded.text : undefined);
}
