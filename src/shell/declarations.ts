import type { Node } from 'web-tree-sitter';
import type { ScriptSource } from './script-source.js';
import type { ShellState, Variable } from './state.js';
import { childrenOf, namedChildrenOf } from './tree.js';
import { expandString } from './words.js';

/**
 * Assignments and the declaration builtins (`export`, `local`, `declare`, `typeset`, `readonly`, `unset`) of one
 * script, with the frames of the functions running in it: what a function declares `local` is restored when it returns.
 */
export class Declarations {
  private readonly frames: Map<string, Variable | undefined>[] = [];

  constructor(private readonly source: ScriptSource) {}

  /** Runs `body` as a function call: variables it declares local get their old values back afterwards. */
  inFrame(state: ShellState, body: () => void): void {
    const frame = new Map<string, Variable | undefined>();
    this.frames.push(frame);
    try {
      body();
    } finally {
      this.frames.pop();
      for (const [variable, saved] of frame) state.restore(variable, saved);
    }
  }

  assignmentValue(node: Node, state: ShellState): { name: string; value: string | undefined } {
    const nameNode = node.childForFieldName('name');
    if (nameNode?.type !== 'variable_name') return { name: '', value: undefined };
    const name = this.text(nameNode);
    const valueNode = node.childForFieldName('value');
    let value: string | undefined = '';
    if (valueNode) value = valueNode.type === 'array' ? undefined : expandString(valueNode, this.source, state.scope()).value;
    if (childrenOf(node).some((c) => c.type === '+=')) {
      const previous = state.lookup(name);
      value = previous === undefined || value === undefined ? undefined : previous + value;
    }
    return { name, value };
  }

  assign(node: Node, state: ShellState, options: { exported?: boolean; local?: boolean; opaque?: boolean }): void {
    const { name, value } = this.assignmentValue(node, state);
    if (name === '') return;
    this.declareLocal(name, state, options.local ?? false);
    state.set(name, options.opaque ? undefined : value, options.exported);
  }

  private declareLocal(name: string, state: ShellState, local: boolean): void {
    const frame = this.frames[this.frames.length - 1];
    if (local && frame && !frame.has(name)) frame.set(name, state.get(name));
  }

  /** `export`, `local`, `declare`, `typeset`, `readonly`. */
  declaration(node: Node, state: ShellState): void {
    const keyword = node.child(0)?.type ?? '';
    const flags = namedChildrenOf(node)
      .filter((c) => c.type === 'word' && this.text(c).startsWith('-'))
      .map((c) => this.text(c))
      .join('');
    if (/[fF]/.test(flags)) return;
    const exported = keyword === 'export' || flags.includes('x') ? true : undefined;
    const local = keyword === 'local' || ((keyword === 'declare' || keyword === 'typeset') && this.frames.length > 0);
    // Arrays, name references, integers and case conversions do not hold the plain string assigned.
    const opaque = /[aAnilu]/.test(flags);
    for (const child of namedChildrenOf(node)) {
      if (child.type === 'variable_assignment') {
        this.assign(child, state, { ...(exported ? { exported } : {}), local, opaque });
      } else if (child.type === 'variable_name') {
        const name = this.text(child);
        this.declareLocal(name, state, local);
        if (local) state.set(name, undefined);
        else if (exported) state.set(name, state.get(name)?.value, true);
      }
    }
  }

  unset(node: Node, state: ShellState): void {
    const words = namedChildrenOf(node).map((c) => this.text(c));
    const functions = words.includes('-f');
    for (const word of words) {
      if (word.startsWith('-')) continue;
      if (functions) state.functions.delete(word);
      else state.set(word, undefined);
    }
  }

  private text(node: Node): string {
    return this.source.text.slice(node.startIndex, node.endIndex);
  }
}
