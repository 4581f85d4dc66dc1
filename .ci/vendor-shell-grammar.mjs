#!/usr/bin/env node
// Copies the bash grammar volint ships (src/shell/grammar/) out of the tree-sitter-bash package of the npm registry:
// `node .ci/vendor-shell-grammar.mjs 0.25.1`. volint needs nothing of that package but its prebuilt
// tree-sitter-bash.wasm (1.4 MB): as a dependency it brought 20 MB of C sources, native prebuilds and an install script
// (node-gyp-build) to every install. The tarball is the one npm verifies by its integrity hash; the grammar's version
// and SHA-256 go to source.json, which test/shell-grammar.test.ts checks against the file and web-tree-sitter's ABI.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const version = process.argv[2];
if (!version) throw new Error('usage: node .ci/vendor-shell-grammar.mjs VERSION (of the tree-sitter-bash package)');
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/shell/grammar');
const work = mkdtempSync(path.join(tmpdir(), 'volint-grammar-'));
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', `tree-sitter-bash@${version}`, '--json', '--pack-destination', work], { encoding: 'utf8' }));
  execFileSync('tar', ['-xzf', path.join(work, packed[0].filename), '-C', work, 'package/tree-sitter-bash.wasm', 'package/LICENSE']);
  copyFileSync(path.join(work, 'package/tree-sitter-bash.wasm'), path.join(target, 'tree-sitter-bash.wasm'));
  copyFileSync(path.join(work, 'package/LICENSE'), path.join(target, 'LICENSE'));
  const sha256 = createHash('sha256').update(readFileSync(path.join(target, 'tree-sitter-bash.wasm'))).digest('hex');
  const source = { package: 'tree-sitter-bash', version, integrity: packed[0].integrity, file: 'tree-sitter-bash.wasm', sha256 };
  writeFileSync(path.join(target, 'source.json'), JSON.stringify(source, null, 2) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
