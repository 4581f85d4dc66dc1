import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeSource } from '../../src/engine/source.js';
import { buildModel } from '../../src/model/build.js';
import { repoRoot } from '../helpers/cli.js';

export const CORPUS = path.resolve(repoRoot, '..', 'shared', 'corpus', 'dockerfiles');
export const corpusPresent = existsSync(CORPUS);
if (!corpusPresent) console.warn(`Skipping the Windows corpus checks: ${CORPUS} is absent.`);

/** A cheap text filter first (escape directive, Windows image names), then the model's own verdict. */
const MAYBE_WINDOWS = /^#\s*escape\s*=\s*`|windows|nanoserver|servercore|ltsc20\d\d/im;

let cached: { file: string; text: string }[] | undefined;

/** The corpus files the model takes for Windows containers. */
export function windowsCorpusFiles(): { file: string; text: string }[] {
  if (cached) return cached;
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const decoded = decodeSource(readFileSync(full));
        if (!decoded.ok || !MAYBE_WINDOWS.test(decoded.text) || decoded.text.trim() === '') continue;
        if (buildModel(decoded.text).windows) out.push({ file: path.relative(CORPUS, full), text: decoded.text });
      }
    }
  };
  walk(CORPUS);
  cached = out;
  return out;
}
