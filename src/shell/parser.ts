import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/**
 * The V8 flag the shell grammar runs under, set before it is compiled: baseline (Liftoff) code only. Optimising the
 * grammar in the background made a one-file run wait ~1.5 s at exit, and over the whole corpus the optimised code was
 * not faster. The CLI launcher (src/cli/launcher.cts) sets it too, before it loads its code cache: V8 rejects a cache
 * made under other flags.
 */
const SHELL_WASM_V8_FLAG = '--liftoff-only';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Reads and compiles web-tree-sitter's runtime or a grammar (`package/file.wasm`). */
function compileWasm(id: string): WebAssembly.Module {
  // Synchronously: V8 compiles each function when first called, so this only decodes and validates (~1.5 ms per
  // module). WebAssembly.compile was measured to cost more: its last steps wait for a turn of the event loop, and a
  // run building a large model waited up to ~15 ms for them.
  return new WebAssembly.Module(readFileSync(locate(id)));
}

/**
 * The file in the first node_modules folder up the tree that has it, as Node's lookup finds packages; Node's own
 * resolver otherwise (Yarn PnP and the like). Looked up directly first because the package-exports resolver costs a
 * run ~2 ms to load; web-tree-sitter exports its .wasm under its own name and tree-sitter-bash has no exports map.
 */
function locate(id: string): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths(id) ?? []) {
    const file = path.join(dir, id);
    if (existsSync(file)) return file;
  }
  return require.resolve(id);
}

/** Loads tree-sitter-bash once; only the callers that need it pay (~15 ms, the first parse ~10 ms more). */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
    v8.setFlagsFromString(SHELL_WASM_V8_FLAG);
    const runtime = compileWasm('web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({
      // Instantiated from the module compiled above instead of Emscripten reading and compiling the file itself.
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        receive(new WebAssembly.Instance(runtime, imports), runtime);
        return {};
      },
    });
    const instance = new Parser();
    instance.setLanguage(Language.loadSync(compileWasm('tree-sitter-bash/tree-sitter-bash.wasm')));
    parser = instance;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
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
