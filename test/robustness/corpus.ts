import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeSource } from '../../src/engine/source.js';
import { repoRoot } from '../helpers/cli.js';

export const CORPUS = path.resolve(repoRoot, '..', 'shared', 'corpus', 'dockerfiles');
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

let cached: CorpusText[] | undefined;

/** Every corpus file that decodes to a text (the UTF-16/32 fixtures do not), in a stable order; read once. */
export function corpusTexts(): CorpusText[] {
  if (cached) return cached;
  const out: CorpusText[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const decoded = decodeSource(readFileSync(full));
        if (decoded.ok) out.push({ name: path.relative(CORPUS, full), text: decoded.text });
      }
    }
  };
  walk(CORPUS);
  cached = out;
  return out;
}
