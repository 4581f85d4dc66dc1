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

// Modules that cost every run to load but serve few runs get a stand-in that loads them on first use:
// - string-width builds an Intl.Segmenter and Unicode-property regexes when it loads (~13 ms, three copies under
//   yargs), for nothing but laying out --help;
// - node:fs/promises (~2.5 ms with the readline and stream modules it pulls in) and node:crypto (~3 ms) serve only
//   --fix, --cache, --output-file and the gitlab format.
//   A bundle would otherwise require every built-in at its top.
// A stand-in exports the functions (and classes) of the real module; importing anything else fails the build.
// yargs checks calls to its own API with node:assert (~2 ms to load); like yargs' own browser build, the bundle gives
// it the two comparisons it uses.
const LAZY_DEFAULT_EXPORT = new Set(['string-width']);
const LAZY_BUILTINS = new Set(['node:fs/promises', 'node:crypto']);
const ASSERT_LITE = '\0volint-assert-lite';
const LAZY = '\0volint-lazy:';
const lazyModules = {
  name: 'volint-lazy-modules',
  async resolveId(source, importer, options) {
    if (importer?.startsWith(LAZY)) return null;
    if (source === 'assert' && importer?.includes(`${path.sep}yargs${path.sep}`)) return ASSERT_LITE;
    if (LAZY_BUILTINS.has(source)) return `${LAZY}builtin:${source}`;
    if (!LAZY_DEFAULT_EXPORT.has(source)) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved && `${LAZY}default:${resolved.id}`;
  },
  load(id) {
    if (id === ASSERT_LITE) {
      return [
        'const fail = (message, fallback) => { throw message instanceof Error ? message : new Error(message ?? fallback); };',
        "export function strictEqual(actual, expected, message) { if (!Object.is(actual, expected)) fail(message, `${String(actual)} !== ${String(expected)}`); }",
        "export function notStrictEqual(actual, expected, message) { if (Object.is(actual, expected)) fail(message, `${String(actual)} === ${String(expected)}`); }",
      ].join('\n');
    }
    if (!id.startsWith(LAZY)) return null;
    const [kind, ...rest] = id.slice(LAZY.length).split(':');
    const target = JSON.stringify(rest.join(':'));
    if (kind === 'default') {
      return `let real;\nexport default function lazy(...args) {\n  real ??= require(${target}).default;\n  return real(...args);\n}\n`;
    }
    const real = require(rest.join(':'));
    const names = Object.keys(real).filter((name) => typeof real[name] === 'function' && /^[A-Za-z_$][\w$]*$/.test(name));
    const stand = (name) =>
      `export function ${name}(...args) { const real = load().${name}; return new.target ? Reflect.construct(real, args, new.target) : real(...args); }`;
    return [`const load = () => process.getBuiltinModule(${target});`, ...names.map(stand)].join('\n');
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
