import { buildModel } from '../../src/model/build.js';
import { corpusTexts, hasCorpus, warnIfNoCorpus } from '../helpers/corpus.js';

export const corpusPresent = hasCorpus;
warnIfNoCorpus('the Windows corpus checks');

/** A cheap text filter first (escape directive, Windows image names), then the model's own verdict. */
const MAYBE_WINDOWS = /^#\s*escape\s*=\s*`|windows|nanoserver|servercore|ltsc20\d\d/im;

let cached: { file: string; text: string }[] | undefined;

/** The corpus files the model takes for Windows containers. */
export function windowsCorpusFiles(): { file: string; text: string }[] {
  if (cached) return cached;
  cached = corpusTexts()
    .filter(({ text }) => MAYBE_WINDOWS.test(text) && text.trim() !== '' && buildModel(text).windows)
    .map(({ name, text }) => ({ file: name, text }));
  return cached;
}
