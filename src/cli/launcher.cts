#!/usr/bin/env node
// The `volint` executable (copied to dist/cli/volint.cjs by .ci/bundle-cli.mjs). It runs the bundled CLI
// (volint-main.cjs) from V8's code cache: compiling the ~700 KB bundle and the functions a run calls costs a one-file
// run ~40 ms, about as much as Node's own start-up. Node 20 has no module compile cache, so this file keeps one, as
// Python keeps .pyc files: beside the bundle, written by the build and rewritten after a run that found it missing or
// rejected (another Node version). VOLINT_NO_CODE_CACHE=1 neither reads nor writes it.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

let cachedData: Buffer | undefined;
if (useCache) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: compile from source and write one at exit.
  }
}

// The bundle is ASCII (the build checks): read as latin1 it becomes a one-byte string without a UTF-8 decode.
// The CommonJS module wrapper goes on the first line so that positions in stack traces stay right.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'latin1')}\n})`, {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});

if (useCache && (!cachedData || script.cachedDataRejected === true)) {
  // At exit the cache also holds the functions this run compiled lazily, which is what the next run needs.
  process.once('exit', () => {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only install, a full disk: the next run compiles from source again.
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing left to do about it at exit.
      }
    }
  });
}

type ModuleFunction = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
const main = script.runInThisContext() as ModuleFunction;
const module_ = { exports: {} };
main.call(module_.exports, module_.exports, createRequire(bundle), module_, bundle, __dirname);
