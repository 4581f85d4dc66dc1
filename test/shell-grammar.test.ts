import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Language, LANGUAGE_VERSION, MIN_COMPATIBLE_VERSION, Parser } from 'web-tree-sitter';
import { repoRoot } from './helpers/cli.js';

// The bash grammar is vendored (src/shell/grammar/, written by .ci/vendor-shell-grammar.mjs): the file must be the one
// source.json names, and a grammar web-tree-sitter can load.
const dir = path.join(repoRoot, 'src', 'shell', 'grammar');
const source = JSON.parse(readFileSync(path.join(dir, 'source.json'), 'utf8')) as { package: string; version: string; file: string; sha256: string };

describe('the vendored shell grammar', () => {
  it('is the file source.json names, with its license', () => {
    const bytes = readFileSync(path.join(dir, source.file));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(source.sha256);
    expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toMatch(/MIT License/);
  });

  it("has an ABI within web-tree-sitter's range and says the version source.json names", async () => {
    await Parser.init();
    const language = await Language.load(readFileSync(path.join(dir, source.file)));
    expect(language.name).toBe('bash');
    expect(language.abiVersion).toBeGreaterThanOrEqual(MIN_COMPATIBLE_VERSION);
    expect(language.abiVersion).toBeLessThanOrEqual(LANGUAGE_VERSION);
    const { major_version, minor_version, patch_version } = language.metadata ?? {};
    expect(`${String(major_version)}.${String(minor_version)}.${String(patch_version)}`).toBe(source.version);
  });
});
