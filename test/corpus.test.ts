import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { lintBytes } from '../src/engine/lint-files.js';
import { decodeSource } from '../src/engine/source.js';
import { repoRoot } from './helpers/cli.js';

const CORPUS = path.resolve(repoRoot, '..', 'shared', 'corpus', 'dockerfiles');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

describe.skipIf(!existsSync(CORPUS))('corpus of real Dockerfiles', () => {
  if (!existsSync(CORPUS)) console.warn(`Skipping the corpus test: ${CORPUS} is absent.`);

  it('lints every file without an exception, and without a fatal message where the text decodes', async () => {
    const files = listFiles(CORPUS);
    expect(files.length).toBeGreaterThan(5000);
    const options = { rules, configFor: () => DEFAULT_CONFIG };
    const unexpected: string[] = [];
    let findings = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      const result = await lintBytes(bytes, file, options);
      const decoded = decodeSource(bytes);
      // Empty and UTF-16 files are meant to get a fatal message; every other file must be linted.
      const expectFatal = !decoded.ok || decoded.text.trim() === '';
      const fatal = result.messages.filter((m) => m.fatal);
      if (fatal.length > 0 !== expectFatal) unexpected.push(`${path.relative(CORPUS, file)}: ${fatal.map((m) => m.message).join('; ') || 'no fatal message'}`);
      for (const m of result.messages) {
        const end = decoded.ok ? decoded.text.length : 0;
        if (m.range[0] < 0 || m.range[1] > end || m.range[0] > m.range[1]) unexpected.push(`${file}: range ${m.range.join('-')} outside the text`);
      }
      findings += result.messages.length;
    }
    expect(unexpected).toEqual([]);
    expect(findings).toBeGreaterThan(0);
  }, 300_000);
});
