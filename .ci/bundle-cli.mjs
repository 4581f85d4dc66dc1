#!/usr/bin/env node
// Bundles the built CLI (dist/src, from tsc) into dist/cli/: the `volint` bin and the worker-thread entry, with
// their dependencies. Loading one file instead of some 250 modules halves the start-up of a one-file run
// (bench/run.mjs measures it). Formatters, the Dockerfile parser and the worker pool stay in chunks of their own,
// loaded only by the runs that need them.
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/cli');
rmSync(out, { recursive: true, force: true });

const bundle = await rolldown({
  input: { volint: path.join(root, 'dist/src/cli/bin.js'), 'lint-worker': path.join(root, 'dist/src/engine/lint-worker.js') },
  platform: 'node',
  logLevel: 'warn',
  // web-tree-sitter's Emscripten glue uses eval on purpose; the warning says nothing about this bundle.
  onLog(level, log, handler) {
    if (log.code !== 'EVAL') handler(level, log);
  },
});
// The worker pool starts `./lint-worker.js` next to its own chunk, so every file goes in one folder.
await bundle.write({ dir: out, format: 'esm', minify: true, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
await bundle.close();

// web-tree-sitter loads its runtime from beside the module that imports it; tree-sitter-bash's grammar is still
// resolved from node_modules.
const require = createRequire(import.meta.url);
copyFileSync(path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), path.join(out, 'web-tree-sitter.wasm'));
