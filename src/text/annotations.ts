import type { Offsets } from './line-index.js';

/*
 * What a finding attaches to a text, in offsets of that text. Below the rule API so that the analysis that computes
 * them (a repair, a suggested base image, a related VOLUME) needs no rule to do it.
 */

/** A text edit: replace `range` (offsets [start, end)) with `text`. */
export interface Fix {
  range: [number, number];
  text: string;
}

/** An edit offered, not applied by `--fix`: what it does, and the edit. */
export interface Suggestion {
  desc: string;
  fix: Fix;
}

/** A place a finding points to: in the linted file (`range`), or in another file, such as a script a RUN executes. */
export type RelatedInfo =
  | { message: string; range: Offsets }
  | {
      message: string;
      /** Host path of the other file. */
      filePath: string;
      /** 0-based lines and columns in that file, end exclusive. */
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
    };
