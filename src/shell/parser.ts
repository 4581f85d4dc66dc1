import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads tree-sitter-bash once; the WebAssembly start-up costs ~25 ms, so only callers that need it pay. */
export function loadShellParser(): Promise<void> {
  loading ??= (async () => {
    // Baseline (Liftoff) code only: optimising the grammar's WebAssembly in the background made a one-file run wait
    // ~1.5 s at exit, and measured over the whole corpus the optimised code was not faster (5.1 s vs 8.0 s wall).
    v8.setFlagsFromString('--liftoff-only');
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
    const language = await Language.load(wasm);
    const instance = new Parser();
    instance.setLanguage(language);
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
