// The part of the WebAssembly JS API that the shell parser uses. Node has it globally, but @types/node 20 leaves the
// types to lib.dom, which a Node program should not pull in.
declare namespace WebAssembly {
  type Imports = Record<string, Record<string, unknown>>;
  interface Module {
    readonly __brand?: 'WebAssembly.Module';
  }
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  const Module: new (bytes: Uint8Array) => Module;
  const Instance: new (module: Module, imports?: Imports) => Instance;
}
