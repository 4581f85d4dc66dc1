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

/** Another place a finding points at (the VOLUME line). */
export interface RelatedInfo {
  message: string;
  range: Offsets;
}
