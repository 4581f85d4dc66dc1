import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeSource } from '../../src/engine/source.js';
import { repoRoot } from './cli.js';

/** The shared corpus: VOLINT_CORPUS when set, else ../shared/corpus beside the repository (as in CI). */
export const CORPUS_ROOT = path.resolve(repoRoot, process.env.VOLINT_CORPUS ?? path.join('..', 'shared', 'corpus'));
export const CORPUS = path.join(CORPUS_ROOT, 'dockerfiles');
export const hasCorpus = existsSync(CORPUS);

/** Says, once per test file, why its corpus tests do not run. */
export function warnIfNoCorpus(what: string): void {
  if (!hasCorpus) console.warn(`Skipping ${what}: the corpus ${CORPUS} is absent.`);
}

export interface CorpusText {
  /** Path relative to the corpus folder. */
  name: string;
  text: string;
}

let files: string[] | undefined;
let texts: CorpusText[] | undefined;

/** Every corpus file (absolute paths, stable order); listed once per test file. */
export function corpusFiles(): string[] {
  files ??= readdirSync(CORPUS, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return files;
}

/** Every corpus file that decodes to a text (the UTF-16/32 fixtures do not), in a stable order; read once. */
export function corpusTexts(): CorpusText[] {
  texts ??= corpusFiles().flatMap((file) => {
    const decoded = decodeSource(readFileSync(file));
    return decoded.ok ? [{ name: path.relative(CORPUS, file), text: decoded.text }] : [];
  });
  return texts;
}
