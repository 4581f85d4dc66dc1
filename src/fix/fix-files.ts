import { readFile } from 'node:fs/promises';
import { lintFile, type FileLintOptions } from '../engine/lint-files.js';
import { fatalResult } from '../engine/results.js';
import { decodeSource } from '../engine/source.js';
import type { LintResult } from '../rule-api/types.js';
import { lintAndFix, SAFE_FIXES, type FixApplicability, type FixFilter } from './apply.js';
import { replaceFile } from '../io/write-atomic.js';

const BOM = '\uFEFF';

export interface FixOptions extends FileLintOptions {
  shouldFix: FixFilter;
  /** Safe fixes only (`--fix`), or unsafe ones too (`--unsafe-fixes`); safe only when left out. */
  applicability?: FixApplicability;
  /** Replace a file whose text changed (`--fix`); otherwise only report `output` (`--fix-dry-run`). */
  write: boolean;
  /** Told, with a one-line reason, when a file's fixes could not be written; the file is then left as it was. */
  onWriteError(filePath: string, reason: string): void;
}

/**
 * Lints and fixes the bytes of a file. `output`, when the text changed, is the whole new file: the BOM the
 * decoder stripped is put back, as ESLint's `output` does.
 */
export async function fixBytes(bytes: Uint8Array, filePath: string, options: FixOptions): Promise<LintResult> {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return fatalResult(filePath, decoded.reason);
  const config = await options.configFor(filePath);
  const result = await lintAndFix(decoded.text, { filePath, config, rules: options.rules }, options.shouldFix, options.applicability ?? SAFE_FIXES);
  return result.output !== undefined && decoded.bom ? { ...result, output: BOM + result.output } : result;
}

/** Lints and fixes one file; with `write`, replaces it atomically when, and only when, its text changed. */
export async function fixFile(filePath: string, options: FixOptions): Promise<LintResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch {
    // lintFile turns the read error into the same fatal message a run without --fix shows.
    return lintFile(filePath, options);
  }
  const result = await fixBytes(bytes, filePath, options);
  if (options.write && result.output !== undefined) {
    try {
      await replaceFile(filePath, result.output);
    } catch (error) {
      options.onWriteError(filePath, (error as NodeJS.ErrnoException).code ?? String(error));
    }
  }
  return result;
}
