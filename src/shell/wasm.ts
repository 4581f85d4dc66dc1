import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ShellWasm {
  /** web-tree-sitter's runtime. */
  runtime: WebAssembly.Module;
  /** tree-sitter-bash, a side module linked into the runtime. */
  grammar: WebAssembly.Module;
}

/**
 * V8 flags the shell grammar runs under, set before it is compiled. Baseline (Liftoff) code only: optimising the
 * grammar in the background made a one-file run wait ~1.5 s at exit, and over the whole corpus the optimised code was
 * not faster. The CLI launcher sets the same flags before it loads its code cache, which V8 rejects when flags differ.
 * (Compiling eagerly, `--no-wasm-lazy-compilation`, on a background thread was measured too: the first parse no longer
 * compiles the lexer, ~7 ms, but on 2 cores the run waited as long for the background compile.)
 */
export const SHELL_WASM_V8_FLAGS = ['--liftoff-only'] as const;

let compiling: Promise<ShellWasm> | undefined;

/**
 * Starts compiling both WebAssembly modules (once), off the main thread: a caller that starts this as soon as it
 * knows a file has a volume in scope gets the compile done while it builds the model.
 */
export function compileShellWasm(): Promise<ShellWasm> {
  compiling ??= (async () => {
    const v8 = process.getBuiltinModule('node:v8');
    for (const flag of SHELL_WASM_V8_FLAGS) v8.setFlagsFromString(flag);
    const require = createRequire(import.meta.url);
    const read = (id: string) => readFileSync(require.resolve(id));
    const [runtime, grammar] = await Promise.all([
      WebAssembly.compile(read('web-tree-sitter/web-tree-sitter.wasm')),
      WebAssembly.compile(read('tree-sitter-bash/tree-sitter-bash.wasm')),
    ]);
    return { runtime, grammar };
  })().catch((error: unknown) => {
    compiling = undefined;
    throw error;
  });
  return compiling;
}
