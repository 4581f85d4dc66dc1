#!/usr/bin/env node
// Bundles the built CLI (dist/src, from .ci/compile.mjs) into dist/cli/:
// - volint-main.cjs: the CLI and everything it imports, in one CommonJS file that dist/cli/volint.cjs (the bin, from
//   src/cli/launcher.cts) runs from V8's code cache. One script instead of ESM chunks, and a cache instead of a
//   compile, took a one-file run with a VOLUME from ~+130 ms to ~+60 ms over `node -e 0`, and one answered by the fast
//   path from ~+65 ms to ~+20 ms (bench/run.mjs measures it). Code that
//   only some runs need (the Dockerfile parser, the shell grammar, formatters, YAML) is compiled but not run until
//   asked for: the bundler wraps what the source imports dynamically in functions.
// Then one run over fixtures/examples/Dockerfile writes the code cache (volint-main.cjs.cache).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/cli');
rmSync(out, { recursive: true, force: true });
const require = createRequire(import.meta.url);

// string-width builds an Intl.Segmenter and Unicode-property regexes when it loads (three copies under yargs), for
// nothing but laying out --help; a stand-in loads it on first call. Measured by whole-process CPU time (user+sys) of
// the bundled CLI, 40 interleaved runs each on the 2-core machine at load ~7: it saves 25-32 ms a run (median; 17-27
// ms fastest run) on a one-file run with a VOLUME, on fixtures/examples/ and on a file the fast path answers.
// The stand-ins once given to node:fs/promises, node:crypto and yargs' node:assert saved 1-7 ms each (about 10 ms
// together), under the 20 ms a mechanism must save to stay, and were dropped.
const LAZY_DEFAULT_EXPORT = new Set(['string-width']);
const LAZY = '\0volint-lazy:';
const lazyModules = {
  name: 'volint-lazy-modules',
  async resolveId(source, importer, options) {
    if (importer?.startsWith(LAZY) || !LAZY_DEFAULT_EXPORT.has(source)) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved && `${LAZY}${resolved.id}`;
  },
  load(id) {
    if (!id.startsWith(LAZY)) return null;
    const target = JSON.stringify(id.slice(LAZY.length));
    return `let real;\nexport default function lazy(...args) {\n  real ??= require(${target}).default;\n  return real(...args);\n}\n`;
  },
};

async function bundle(input, output, format, options = {}) {
  const build = await rolldown({
    input,
    platform: 'node',
    logLevel: 'warn',
    ...options,
    onLog(level, log, handler) {
      // web-tree-sitter's Emscripten glue uses eval on purpose; yargs reads import.meta only for `extends` in config
      // files, which volint does not use. Neither warning says anything about this bundle.
      if (log.code !== 'EVAL' && log.code !== 'EMPTY_IMPORT_META') handler(level, log);
    },
  });
  await build.write({ file: output, format, minify: true, codeSplitting: false, charset: 'ascii' });
  await build.close();
}

// web-tree-sitter's ES module build imports `module` and `fs/promises` dynamically, which a CommonJS bundle cannot
// hold; its CommonJS build is the same code.
const webTreeSitterCjs = path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.cjs');
await bundle(path.join(root, 'dist/src/cli/bin.js'), path.join(out, 'volint-main.cjs'), 'cjs', {
  plugins: [lazyModules],
  resolve: { alias: { 'web-tree-sitter': webTreeSitterCjs } },
});
// The launcher reads the bundle as latin1, which is right only for ASCII (charset: 'ascii' escapes the rest).
if (/[^\0-\x7f]/.test(readFileSync(path.join(out, 'volint-main.cjs'), 'utf8'))) throw new Error('volint-main.cjs is not ASCII');
const launcher = readFileSync(path.join(root, 'dist/src/cli/launcher.cjs'), 'utf8');
writeFileSync(path.join(out, 'volint.cjs'), launcher.replace(/^\/\/# sourceMappingURL=.*\n?/m, ''), { mode: 0o755 });

// The code cache: what a run over a Dockerfile with findings compiles.
// Only the build writes it (VOLINT_BUILD_CODE_CACHE): an installed volint never writes into its own package.
const training = spawnSync(process.execPath, [path.join(out, 'volint.cjs'), 'fixtures/examples/Dockerfile'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, VOLINT_BUILD_CODE_CACHE: '1' },
});
if (training.status !== 1 || !existsSync(path.join(out, 'volint-main.cjs.cache'))) {
  throw new Error(`The run that writes the code cache failed (exit ${training.status}):\n${training.stdout}${training.stderr}`);
}
