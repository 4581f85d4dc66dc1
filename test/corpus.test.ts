import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { lintBytes } from '../src/engine/lint-files.js';
import { decodeSource } from '../src/engine/source.js';
import { CORPUS, corpusFiles, hasCorpus, warnIfNoCorpus } from './helpers/corpus.js';

warnIfNoCorpus('the corpus lint test');

describe.skipIf(!hasCorpus)('corpus of real Dockerfiles', () => {
  it('lints every file without an exception, and without a fatal message where the text decodes', async () => {
    const files = corpusFiles();
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
