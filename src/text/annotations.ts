import type { Offsets } from './line-index.js';

/*
 * What a finding attaches to a text, in offsets of that text. Below the rule API so that the analysis that computes
 * them (a repair, a suggested base image, a related VOLUME) needs no rule to do it.
 */

/** A text edit: replace `range` (offsets [start, end)) with `text`. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/**
 * Ruff's fix applicability. A `safe` fix keeps what the Dockerfile means and never makes a build that worked fail:
 * `--fix` applies it. An `unsafe` fix may change either (a layer, an owner, what a child stage inherits): it is
 * applied only with `--unsafe-fixes`, and ESLint shows it as a suggestion.
 */
export type Applicability = 'safe' | 'unsafe';

/**
 * A fix: edits applied together or not at all, sorted and not overlapping. A fix that moves a line is two small
 * edits rather than one covering everything between, so that many findings sharing one fix stay small in every
 * output format.
 */
export interface Fix {
  applicability: Applicability;
  edits: TextEdit[];
}

/** An edit offered, not applied by `--fix`: what it does, and the edit. */
export interface Suggestion {
  desc: string;
  fix: Fix;
}

/** What a rule hands to `report` as a fix: one edit or several (safe), or a Fix that states its applicability. */
export type FixDescriptor = TextEdit | readonly TextEdit[] | Fix;

export interface SuggestionDescriptor {
  desc: string;
  fix: FixDescriptor;
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
