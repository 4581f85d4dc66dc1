#!/usr/bin/env node
// The `volint` executable (copied to dist/cli/volint.cjs by .ci/bundle-cli.mjs). It runs the bundled CLI
// (volint-main.cjs) with its compiled code cached, since compiling the ~700 KB bundle and the functions a run calls
// costs a one-file run about as much as Node's own start-up.
// - Node >= 22.1: Node's own compile cache (module.enableCompileCache), which Node keeps in its cache directory
//   (NODE_COMPILE_CACHE, else the system's temporary directory), never in the installed package.
// - Node 20, which has none: V8's code cache that the build wrote beside the bundle (volint-main.cjs.cache). It is
//   only read: a run never writes into its own installation (a read-only or shared install, parallel pre-commit
//   runs). A cache V8 rejects (another Node version) costs that run the compile, nothing else.
// VOLINT_NO_CODE_CACHE=1 uses neither. The build alone sets VOLINT_BUILD_CODE_CACHE=1 to write the cache.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nodeModule from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

// The shell grammar's WebAssembly runs on baseline code only: optimising it in the background made a one-file run wait
// ~1.5 s at exit, and over the whole corpus the optimised code was not faster. A process-wide flag, so it is set here,
// in the CLI's own process, never by the library code (the API and the ESLint plugin load in other people's
// processes). Set before the code cache is read: V8 rejects a cache made under other flags.
v8.setFlagsFromString('--liftoff-only');

const bundle = path.join(__dirname, 'volint-main.cjs');
const cacheFile = `${bundle}.cache`;
const useCache = process.env.VOLINT_NO_CODE_CACHE !== '1';
const writeCache = process.env.VOLINT_BUILD_CODE_CACHE === '1';
const enableCompileCache = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;

if (useCache && !writeCache && enableCompileCache) {
  enableCompileCache();
  createRequire(bundle)(bundle);
} else {
  runFromV8Cache();
}

function runFromV8Cache(): void {
  let cachedData: Buffer | undefined;
  if (useCache && !writeCache) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // No cache: compile from source.
    }
  }
  // The bundle is ASCII (the build checks): read as latin1 it becomes a one-byte string without a UTF-8 decode.
  // The CommonJS module wrapper goes on the first line so that positions in stack traces stay right.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'latin1')}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (writeCache) {
    // At exit the cache also holds the functions this run compiled lazily, which is what the next run needs.
    process.once('exit', () => {
      writeFileSync(cacheFile, script.createCachedData());
    });
  }
  type ModuleFunction = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const main = script.runInThisContext() as ModuleFunction;
  const module_ = { exports: {} };
  main.call(module_.exports, module_.exports, createRequire(bundle), module_, bundle, __dirname);
}
