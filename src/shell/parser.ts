import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { loadIsolatedWebTreeSitter } from './isolated-runtime.js';

/*
 * No V8 flag is set here: a library must not change the process it is loaded into (ESLint, an editor). The CLI runs
 * the grammar under baseline code only (--liftoff-only, set by its launcher, src/cli/launcher.cts).
 */

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Reads and compiles web-tree-sitter's runtime or the grammar, with `wasm`'s constructor. */
function compileWasm(file: string, wasm: typeof WebAssembly = WebAssembly): WebAssembly.Module {
  // Synchronously: V8 compiles each function when first called, so this only decodes and validates (~1.5 ms per
  // module). WebAssembly.compile was measured to cost more: its last steps wait for a turn of the event loop, and a
  // run building a large model waited up to ~15 ms for them.
  return new wasm.Module(readFileSync(file));
}

/**
 * The file in the first node_modules folder up the tree that has it, as Node's lookup finds packages; Node's own
 * resolver otherwise (Yarn PnP and the like). Looked up directly first because the package-exports resolver costs a
 * run ~2 ms to load; web-tree-sitter exports its .wasm under its own name.
 */
function locate(id: string): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths(id) ?? []) {
    const file = path.join(dir, id);
    if (existsSync(file)) return file;
  }
  return require.resolve(id);
}

/**
 * The bash grammar volint ships in src/shell/grammar/ (tree-sitter-bash's prebuilt .wasm, see source.json there),
 * found from this module upward: the sources, the compiled package and the CLI bundle sit at different depths.
 */
function grammarFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'src', 'shell', 'grammar', 'tree-sitter-bash.wasm');
    if (existsSync(file)) return file;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('volint: its shell grammar (src/shell/grammar/tree-sitter-bash.wasm) is missing from the package');
    dir = parent;
  }
}

/** Loads tree-sitter-bash once; only the callers that need it pay (~15 ms, the first parse ~10 ms more). */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
    const runtime = compileWasm(locate('web-tree-sitter/web-tree-sitter.wasm'));
    await Parser.init({
      // Instantiated from the module compiled above instead of Emscripten reading and compiling the file itself.
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        receive(new WebAssembly.Instance(runtime, imports), runtime);
        return {};
      },
    });
    const instance = new Parser();
    instance.setLanguage(Language.loadSync(compileWasm(grammarFile())));
    parser = instance;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * Loads tree-sitter-bash synchronously, for hosts that cannot wait (ESLint's parse() is synchronous). web-tree-sitter
 * only offers an asynchronous start-up, so this one runs a private copy of it in its own realm, whose promises settle
 * before the call returns (isolated-runtime.ts). Costs ~50 ms more than loadShellParser(), once per process.
 */
export function loadShellParserSync(): void {
  if (parser) return;
  const { Parser: IsolatedParser, Language: IsolatedLanguage, WebAssembly: wasm, init } = loadIsolatedWebTreeSitter(
    locate('web-tree-sitter/web-tree-sitter.cjs'),
  );
  const runtime = compileWasm(locate('web-tree-sitter/web-tree-sitter.wasm'), wasm);
  init({
    instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      receive(new wasm.Instance(runtime, imports), runtime);
      return {};
    },
  });
  const instance = new IsolatedParser();
  instance.setLanguage(IsolatedLanguage.loadSync(compileWasm(grammarFile(), wasm)));
  parser = instance;
}

export function isShellParserLoaded(): boolean {
  return parser !== undefined;
}

/**
 * Parses a script with the shared parser. Node indexes of the tree count UTF-16 code units of `text`
 * (web-tree-sitter parses JS strings as UTF-16), so they index `text` directly. The caller deletes the tree.
 */
export function parseShell(text: string): Tree | undefined {
  if (!parser) throw new Error('volint: the shell parser is not loaded; await loadShellParser() first');
  return parser.parse(text) ?? undefined;
}
