import { readFile } from 'node:fs/promises';
import type { ResolvedConfig } from '../config/types.js';
import { lintText } from './linter.js';
import { fatalResult } from './results.js';
import { decodeSource } from './source.js';
import type { LintResult, Rule } from '../rule-api/types.js';

export interface FileLintOptions {
  rules: readonly Rule[];
  /** Config for a file (the nearest config file applies, so it can differ between files). */
  configFor(filePath: string): ResolvedConfig | Promise<ResolvedConfig>;
  /** The Compose files merged in order (`-f a -f b`), when the user names them. */
  composeFiles?: readonly string[];
}

/** Reads and lints one file; problems reading it become a fatal message, never an exception. */
export async function lintFile(filePath: string, options: FileLintOptions): Promise<LintResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ENOENT'
            ? 'it no longer exists'
            : (code ?? String(error));
    return fatalResult(filePath, `Cannot read the file: ${why}.`);
  }
  return lintBytes(bytes, filePath, options);
}

export async function lintBytes(bytes: Uint8Array, filePath: string, options: FileLintOptions): Promise<LintResult> {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return fatalResult(filePath, decoded.reason);
  const config = await options.configFor(filePath);
  return lintText(decoded.text, { filePath, config, rules: options.rules, ...(options.composeFiles ? { composeFiles: options.composeFiles } : {}) });
}
