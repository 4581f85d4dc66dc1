import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type { Language, Parser } from 'web-tree-sitter';

/*
 * web-tree-sitter starts asynchronously (Parser.init awaits its Emscripten module), but nothing in that start-up waits
 * for I/O or a timer when the WebAssembly is handed over compiled: only promise jobs are queued. A vm context created
 * with microtaskMode 'afterEvaluate' has its own job queue, which Node runs to the end before runInContext returns.
 * Evaluating web-tree-sitter inside such a context therefore makes its start-up synchronous, without blocking a
 * thread and without touching the host's copy of web-tree-sitter (its module state, its classes) or its job queue.
 * The copy lives in its own realm: WebAssembly modules and instances handed to it must come from that realm's
 * constructors (web-tree-sitter checks them with instanceof).
 */

export interface IsolatedWebTreeSitter {
  Parser: typeof Parser;
  Language: typeof Language;
  /** The realm's WebAssembly namespace: compile what you hand to `init` and `Language.loadSync` with it. */
  WebAssembly: typeof WebAssembly;
  /** Parser.init, run to completion before it returns; throws what it rejects with. */
  init: (options: object) => void;
}

export function loadIsolatedWebTreeSitter(file: string): IsolatedWebTreeSitter {
  const context = vm.createContext(
    { process, console, TextDecoder, TextEncoder, URL, performance },
    { microtaskMode: 'afterEvaluate', name: 'volint web-tree-sitter' },
  );
  const source = readFileSync(file, 'utf8');
  // The CommonJS wrapper on the first line keeps positions in stack traces right.
  const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, context, {
    filename: file,
  }) as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const module = { exports: {} };
  wrapper(module.exports, createRequire(file), module, file, path.dirname(file));
  const exports = module.exports as { Parser: typeof Parser; Language: typeof Language };
  const wasm = vm.runInContext('WebAssembly', context) as typeof WebAssembly;

  const init = (options: object): void => {
    const outcome: { done?: true; error?: unknown } = {};
    const sandbox = context as { volintStart?: () => Promise<void>; volintOutcome?: typeof outcome };
    sandbox.volintStart = () => exports.Parser.init(options);
    sandbox.volintOutcome = outcome;
    try {
      // The reactions are functions of the context, so their jobs join its queue, which runs before runInContext returns.
      vm.runInContext('volintStart().then(() => { volintOutcome.done = true; }, (error) => { volintOutcome.error = error ?? new Error(); })', context);
    } finally {
      delete sandbox.volintStart;
      delete sandbox.volintOutcome;
    }
    if (outcome.error !== undefined) throw outcome.error instanceof Error ? outcome.error : new Error(`volint: the shell grammar failed to start: ${JSON.stringify(outcome.error)}`);
    if (!outcome.done) throw new Error('volint: the shell grammar did not start synchronously');
  };
  return { Parser: exports.Parser, Language: exports.Language, WebAssembly: wasm, init };
}
