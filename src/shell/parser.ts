import { Language, Parser, type Tree } from 'web-tree-sitter';
import { compileShellWasm } from './wasm.js';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads tree-sitter-bash once; the WebAssembly start-up costs ~25 ms, so only callers that need it pay. */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
    const { runtime, grammar } = await compileShellWasm();
    await Parser.init({
      // The runtime is already compiled: instantiate it here instead of letting Emscripten read and compile it again.
      instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
        receive(new WebAssembly.Instance(runtime, imports), runtime);
        return {};
      },
    });
    const instance = new Parser();
    instance.setLanguage(Language.loadSync(grammar));
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
