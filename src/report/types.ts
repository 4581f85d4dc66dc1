import type { LintResult, RuleInfo } from '../rule-api/types.js';

export interface FormatContext {
  /** Directory that file paths are shown relative to. */
  cwd: string;
  /** Metadata of every rule that can report (rule modules and engine-level checks). */
  rules: ReadonlyMap<string, RuleInfo>;
  version: string;
  color: boolean;
  /**
   * How stylish shows a file: as the user named it (absolute stays absolute). Formats read
   * by CI systems use paths relative to the checkout instead (display-path.ts).
   */
  shownPath?: (filePath: string) => string;
}

/** Turns lint results into the text a format prints (including its final newline, if any). */
export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;

/**
 * The same text as a Formatter, in pieces: the CLI writes each as it comes, so a large report is never one string.
 * Joined, the pieces are exactly the Formatter's text.
 */
export type ChunkedFormatter = (results: readonly LintResult[], context: FormatContext) => Iterable<string>;
