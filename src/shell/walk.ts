import type { Node } from 'web-tree-sitter';
import type { Offsets } from '../text/line-index.js';
import type { ArgWord } from './argv.js';
import { lookupCommand, runCommand, type CommandIO } from './commands.js';
import { parseShell } from './parser.js';
import { isVirtualPath, resolvePath } from '../model/paths.js';
import { ScriptSource } from './script-source.js';
import { ShellState, type Variable } from './state.js';
import type { EffectKind, FileEffect } from './types.js';
import { expandString, expandWord, wordScript, type WordScope } from './words.js';

/** Nesting of compound statements and substitutions followed before giving up (keeps the JS stack safe). */
const MAX_DEPTH = 100;
/** Nesting of child shells (`sh -c "bash -c '...'"`). */
const MAX_SCRIPTS = 8;
/** Bodies a loop runs once per literal item, at most. */
const MAX_LOOP_ITEMS = 16;
/** Loop iterations and function calls analysed per RUN, so that the work stays linear in the script. */
const BODY_BUDGET = 512;

/** The effects found in one RUN, shared by every script it runs. */
export class Analysis {
  readonly effects: FileEffect[] = [];
  clean = true;
  budget = BODY_BUDGET;

  /** Parses `source` and walks it from `state`; `scripts` counts the shells around it. */
  runScript(source: ScriptSource, state: ShellState, scripts: number): void {
    if (scripts > MAX_SCRIPTS) {
      this.clean = false;
      return;
    }
    const tree = parseShell(source.text);
    if (!tree) {
      this.clean = false;
      return;
    }
    try {
      if (tree.rootNode.hasError) this.clean = false;
      new ScriptWalker(source, this, scripts).block(tree.rootNode, state, 0);
    } finally {
      tree.delete();
    }
  }

  /** Runs an exec-form command line (no shell: no expansion, no builtins); it has no script of its own. */
  runArgv(argv: readonly ArgWord[], state: ShellState, range: Offsets): void {
    new ScriptWalker(ScriptSource.spanning('', range), this, 0).dispatch(argv, {
      state, cwd: state.cwd, range, stdin: undefined, prefix: [], inProcess: false, depth: 0,
    });
  }
}

type StdinScript = () => { source: ScriptSource; state: ShellState } | undefined;

/** Where a simple command runs. */
interface CommandContext {
  readonly state: ShellState;
  readonly cwd: string | undefined;
  /** The simple command in Dockerfile offsets: what its effects mark. */
  readonly range: Offsets;
  /** The heredoc or here-string on the command, for a shell that reads its script from stdin. */
  readonly stdin: StdinScript | undefined;
  /** `NAME=value` prefixes: the environment of the command only. */
  readonly prefix: readonly { name: string; value: string | undefined }[];
  /** Runs in the shell itself, so `cd` and functions apply (false behind `sudo`, `env`, exec form...). */
  readonly inProcess: boolean;
  readonly depth: number;
}

const STATEMENTS = new Set(['command', 'redirected_statement', 'list', 'pipeline', 'negated_command', 'subshell', 'compound_statement',
  'if_statement', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement', 'function_definition',
  'variable_assignment', 'variable_assignments', 'declaration_command', 'unset_command', 'test_command']);
const WRITE_REDIRECTS = new Set(['>', '>>', '&>', '&>>', '>|', '>&']);
const SUBSTITUTIONS = new Set(['command_substitution', 'process_substitution']);

/** Walks one parsed script. Functions are analysed where they are called, with the state of the call. */
class ScriptWalker {
  /** Variables a running function declared `local`, with the value to restore when it returns. */
  private readonly frames: Map<string, Variable | undefined>[] = [];
  private readonly calling = new Set<string>();

  constructor(
    private readonly source: ScriptSource,
    private readonly analysis: Analysis,
    private readonly scripts: number,
  ) {}

  /** The statements among the children of `container`; one followed by `&` runs in the background (a subshell). */
  block(container: Node, state: ShellState, depth: number, children: readonly Node[] = container.children): void {
    if (depth > MAX_DEPTH) {
      this.analysis.clean = false;
      return;
    }
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child?.isNamed) continue;
      const background = children[i + 1]?.type === '&';
      this.statement(child, background ? state.clone() : state, depth + 1);
    }
  }

  private statement(node: Node, state: ShellState, depth: number): void {
    if (depth > MAX_DEPTH) {
      this.analysis.clean = false;
      return;
    }
    switch (node.type) {
      case 'command':
        this.command(node, state, depth, [], undefined);
        return;
      case 'redirected_statement':
      case 'list':
        this.chain(node, state, depth);
        return;
      case 'pipeline':
        // Without `lastpipe`, every element of a pipeline runs in a subshell.
        for (const element of node.namedChildren) this.statement(element, state.clone(), depth + 1);
        return;
      case 'negated_command':
      case 'compound_statement':
      case 'do_group':
        this.block(node, state, depth);
        return;
      case 'subshell':
        this.block(node, state.clone(), depth);
        return;
      case 'if_statement':
        this.ifStatement(node, state, depth);
        return;
      case 'while_statement':
        this.whileStatement(node, state, depth);
        return;
      case 'for_statement':
        this.forStatement(node, state, depth);
        return;
      case 'c_style_for_statement':
        this.loopBody(node.childForFieldName('body'), state, depth);
        return;
      case 'case_statement':
        this.caseStatement(node, state, depth);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        if (name && body) state.functions.set(this.text(name), body);
        return;
      }
      case 'variable_assignment':
        this.substitutions(node, state, depth);
        this.assign(node, state, {});
        return;
      case 'variable_assignments':
        for (const assignment of node.namedChildren) this.statement(assignment, state, depth + 1);
        return;
      case 'declaration_command':
        this.declaration(node, state, depth);
        return;
      case 'unset_command':
        this.unset(node, state);
        return;
      case 'ERROR':
      case 'comment':
        return;
      default:
        // test commands, arithmetic and anything else: only their substitutions run commands.
        this.substitutions(node, state, depth);
    }
  }

  // ---- simple commands ------------------------------------------------------------------------------

  private command(node: Node, state: ShellState, depth: number, extraArgs: readonly Node[], given: StdinScript | undefined): void {
    const prefixNodes: Node[] = [];
    const argNodes: Node[] = [];
    const redirects: Node[] = [];
    let nameNode: Node | undefined;
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (field === 'name') nameNode = child.firstNamedChild ?? child;
      else if (field === 'argument') argNodes.push(child);
      else if (field === 'redirect') redirects.push(child);
      else if (child.type === 'variable_assignment') prefixNodes.push(child);
    }
    argNodes.push(...extraArgs);
    for (const part of [...prefixNodes, ...(nameNode ? [nameNode] : []), ...argNodes]) this.substitutions(part, state, depth);
    const prefix = prefixNodes.map((assignment) => this.assignmentValue(assignment, state));
    for (const redirect of redirects) this.redirect(redirect, state, depth);
    if (!nameNode) return;
    const stdin = given ?? this.stdinOf(redirects, state);
    const argv = [nameNode, ...argNodes].flatMap((word) => this.argWords(word, state));
    this.dispatch(argv, {
      state, cwd: state.cwd, range: this.range(node), stdin, prefix: prefix.filter((p) => p.name !== ''), inProcess: true, depth,
    });
  }

  /** The arguments a word gives, with its range and, for a literal word, its characters' origins. */
  private argWords(node: Node, state: ShellState): ArgWord[] {
    const fields = expandWord(node, this.source, this.scope(state));
    const range = this.range(node);
    const source = this.source;
    return fields.map((field) => ({
      value: field.value,
      glob: field.glob,
      range,
      source: () => {
        if (field.value === undefined) return undefined;
        const literal = fields.length === 1 ? wordScript(node, source) : undefined;
        return literal?.text === field.value ? literal : ScriptSource.spanning(field.value, range);
      },
    }));
  }

  dispatch(argv: readonly ArgWord[], context: CommandContext): void {
    const [nameWord, ...args] = argv;
    const name = nameWord?.value;
    if (!nameWord || name === undefined) return;
    if (context.inProcess) {
      if (this.builtin(name, args, context)) return;
      const body = context.state.functions.get(name);
      if (body) {
        this.callFunction(name, body, context);
        return;
      }
    }
    const entry = lookupCommand(name);
    if (entry) runCommand(entry.spec, args, this.io(entry.name, nameWord, context));
  }

  private io(command: string, nameWord: ArgWord, context: CommandContext): CommandIO {
    return {
      nameWord,
      effect: (kind, word, options = {}) => {
        const base = options.base ? resolveValue(context.cwd, options.base.value) : context.cwd;
        this.emit(kind, word, base, command, context.range, options.recursive ?? false);
      },
      exec: (argv, options = {}) => {
        let cwd = options.unknownCwd ? undefined : context.cwd;
        if (options.cwd) cwd = resolveValue(cwd, options.cwd.value);
        this.dispatch(argv, { ...context, cwd, stdin: undefined, inProcess: context.inProcess && (options.inProcess ?? false) });
      },
      script: (word, options = {}) => {
        if (word.value === undefined) return;
        const child = this.childState(context);
        child.cwd = options.unknownCwd ? undefined : context.cwd;
        this.analysis.runScript(word.source() ?? ScriptSource.spanning(word.value, word.range), child, this.scripts + 1);
      },
      stdinScript: () => {
        const input = context.stdin?.();
        if (!input) return;
        for (const { name, value } of context.prefix) input.state.set(name, value, true);
        input.state.cwd = context.cwd;
        this.analysis.runScript(input.source, input.state, this.scripts + 1);
      },
    };
  }

  private childState(context: CommandContext): ShellState {
    const child = context.state.child();
    for (const { name, value } of context.prefix) child.set(name, value, true);
    return child;
  }

  private emit(kind: EffectKind, word: ArgWord, base: string | undefined, command: string, range: Offsets, recursive: boolean): void {
    const path = word.value === undefined ? undefined : resolvePath(word.value, base);
    if (path !== undefined && isVirtualPath(path)) return;
    this.analysis.effects.push({
      kind, path, glob: path !== undefined && word.glob, recursive: recursive || (word.entries ?? false), command, range, pathRange: word.range,
    });
  }

  /** `cd`, `pushd`, `popd` and the builtins that set variables to something unknown. */
  private builtin(name: string, args: readonly ArgWord[], context: CommandContext): boolean {
    const state = context.state;
    const operands = args.filter((a) => a.value === undefined || !/^[-+]./.test(a.value));
    switch (name) {
      case 'cd':
        state.cwd = this.changeDirectory(state, operands[0]);
        return true;
      case 'pushd': {
        const [target] = operands;
        if (!target || /^[-+]\d*$/.test(target.value ?? '')) {
          state.cwd = undefined;
          state.dirStack = state.dirStack.map(() => undefined);
        } else {
          state.dirStack.push(state.cwd);
          state.cwd = this.changeDirectory(state, target);
        }
        return true;
      }
      case 'popd':
        state.cwd = operands.length > 0 || args.some((a) => /^[-+]\d/.test(a.value ?? '')) ? undefined : state.dirStack.pop();
        return true;
      case 'read':
      case 'mapfile':
      case 'readarray':
      case 'getopts':
      case 'printf':
      case 'let':
        for (const variable of assignedByBuiltin(name, args)) state.set(variable, undefined);
        return true;
      default:
        return false;
    }
  }

  private changeDirectory(state: ShellState, target: ArgWord | undefined): string | undefined {
    if (!target) {
      const home = state.lookup('HOME');
      return home === undefined ? undefined : resolvePath(home, state.cwd);
    }
    if (target.value === '-') return undefined;
    return resolveValue(state.cwd, target.value);
  }

  private callFunction(name: string, body: Node, context: CommandContext): void {
    if (this.calling.has(name) || this.analysis.budget <= 0) return;
    this.analysis.budget--;
    this.calling.add(name);
    const frame = new Map<string, Variable | undefined>();
    this.frames.push(frame);
    try {
      this.statement(body, context.state, context.depth + 1);
    } finally {
      this.frames.pop();
      this.calling.delete(name);
      for (const [variable, saved] of frame) context.state.restore(variable, saved);
    }
  }

  // ---- lists and redirects -------------------------------------------------------------------------

  /**
   * `a && b > f || c`. tree-sitter-bash nests lists to the left and hangs `a && b > f` redirects on the whole
   * list, so a long chain nests as deep as it is long: it is walked with an explicit stack, each redirect
   * handed down to the command the shell gives it to, the last one of the list.
   */
  private chain(root: Node, state: ShellState, depth: number): void {
    const work: { node: Node; redirects: readonly Node[] }[] = [{ node: root, redirects: [] }];
    for (let item = work.pop(); item; item = work.pop()) {
      const { node, redirects } = item;
      if (node.type === 'list') {
        const parts = node.namedChildren.filter((c) => c.type !== 'comment');
        for (let i = parts.length - 1; i >= 0; i--) {
          const part = parts[i];
          if (part) work.push({ node: part, redirects: i === parts.length - 1 ? redirects : [] });
        }
        continue;
      }
      const body = node.type === 'redirected_statement' ? node.childForFieldName('body') : null;
      const own = node.type === 'redirected_statement' ? redirectsOf(node) : [];
      if (body?.type === 'list' && own.every((r) => r.type === 'file_redirect')) {
        work.push({ node: body, redirects: [...own, ...redirects] });
      } else if (node.type === 'redirected_statement' || redirects.length > 0) {
        this.redirected(node, state, depth, redirects);
      } else {
        this.statement(node, state, depth + 1);
      }
    }
  }

  /** A statement with redirects: its own (`redirected_statement`) and any `inherited` from a list around it. */
  private redirected(node: Node, state: ShellState, depth: number, inherited: readonly Node[]): void {
    const isRedirected = node.type === 'redirected_statement';
    const body = isRedirected ? node.childForFieldName('body') : node;
    const redirects = [...(isRedirected ? redirectsOf(node) : []), ...inherited];
    const heredoc = redirects.find((r) => r.type === 'heredoc_redirect');
    // tree-sitter-bash hangs `a && b > f` and `a | b > f` redirects on the list or pipeline, where the shell
    // gives them to the last command only: `cd /d && echo x > f` writes /d/f.
    let target = body;
    let targetState = state;
    while (target?.type === 'list' || target?.type === 'pipeline') {
      const pipeline = target.type === 'pipeline';
      const items = pipeline ? target.namedChildren : flattenList(target);
      const last = items.pop();
      for (const item of items) this.statement(item, pipeline ? targetState.clone() : targetState, depth + 1);
      if (pipeline) targetState = targetState.clone();
      target = last ?? null;
    }
    for (const redirect of redirects) this.redirect(redirect, targetState, depth);
    const stdin = this.stdinOf(redirects, targetState);
    if (target?.type === 'command') {
      const extra = heredoc ? heredoc.childrenForFieldName('argument') : [];
      this.command(target, targetState, depth, extra, stdin);
    } else if (target) {
      this.statement(target, targetState, depth + 1);
    }
    if (!heredoc) return;
    // tree-sitter-bash hangs what follows `<<EOF` on the line (`| sh`, `&& cmd`) under the heredoc redirect.
    for (const child of heredoc.namedChildren) {
      if (child.type !== 'pipeline') continue;
      const feedsShell = target?.type === 'command' && this.isBareCat(target);
      child.namedChildren.forEach((element, index) => {
        const input = index === 0 && feedsShell ? stdin : undefined;
        if (element.type === 'command') this.command(element, targetState.clone(), depth + 1, [], input);
        else this.statement(element, targetState.clone(), depth + 1);
      });
    }
    const right = heredoc.childForFieldName('right');
    if (right) this.statement(right, targetState, depth + 1);
  }

  private isBareCat(command: Node): boolean {
    const name = command.childForFieldName('name');
    return name !== null && this.text(name) === 'cat' && command.childrenForFieldName('argument').length === 0;
  }

  /** The script a shell on this command would read from stdin: its heredoc or here-string. */
  private stdinOf(redirects: readonly Node[], state: ShellState): StdinScript | undefined {
    const heredoc = redirects.find((r) => r.type === 'heredoc_redirect');
    if (heredoc) return this.heredocInput(heredoc, state);
    const herestring = redirects.find((r) => r.type === 'herestring_redirect');
    return herestring ? this.herestringInput(herestring, state) : undefined;
  }

  private heredocInput(heredoc: Node, state: ShellState): StdinScript {
    return () => {
      const body = heredoc.namedChildren.find((c) => c.type === 'heredoc_body');
      const start = heredoc.namedChildren.find((c) => c.type === 'heredoc_start');
      if (!body || !start) return undefined;
      const quoted = /['"\\]/.test(this.text(start));
      return { source: this.source.slice(body.startIndex, body.endIndex), state: quoted ? state.child() : state.expandedChild() };
    };
  }

  private herestringInput(herestring: Node, state: ShellState): StdinScript {
    return () => {
      const word = herestring.namedChildren[0];
      if (!word) return undefined;
      const field = expandString(word, this.source, this.scope(state));
      if (field.value === undefined) return undefined;
      const literal = wordScript(word, this.source);
      const source = literal?.text === field.value ? literal : ScriptSource.spanning(field.value, this.range(word));
      return { source, state: state.child() };
    };
  }

  private redirect(node: Node, state: ShellState, depth: number): void {
    if (node.type === 'heredoc_redirect') {
      for (const inner of node.childrenForFieldName('redirect')) this.redirect(inner, state, depth);
      const body = node.namedChildren.find((c) => c.type === 'heredoc_body');
      if (body) this.substitutions(body, state, depth);
      return;
    }
    this.substitutions(node, state, depth);
    if (node.type !== 'file_redirect') return;
    const operator = node.children.find((c) => !c.isNamed)?.type ?? '';
    const destination = node.childForFieldName('destination');
    if (!destination) return;
    let kind: EffectKind;
    if (operator === '<') kind = 'read';
    else if (WRITE_REDIRECTS.has(operator)) kind = 'write';
    else return;
    const target = expandString(destination, this.source, this.scope(state));
    // `2>&1`, `>&-`: a file descriptor, not a file.
    if (operator === '>&' && (destination.type === 'number' || target.value === '-' || /^\d+$/.test(target.value ?? ''))) return;
    const word: ArgWord = { value: target.value, glob: target.glob, range: this.range(destination), source: () => undefined };
    this.emit(kind, word, state.cwd, operator, this.range(node), false);
  }

  // ---- variables ------------------------------------------------------------------------------------

  private scope(state: ShellState): WordScope {
    return {
      lookup: (name) => state.lookup(name),
      assign: (name, value) => {
        state.set(name, value);
      },
    };
  }

  private assignmentValue(node: Node, state: ShellState): { name: string; value: string | undefined } {
    const nameNode = node.childForFieldName('name');
    if (nameNode?.type !== 'variable_name') return { name: '', value: undefined };
    const name = this.text(nameNode);
    const valueNode = node.childForFieldName('value');
    let value: string | undefined = '';
    if (valueNode) value = valueNode.type === 'array' ? undefined : expandString(valueNode, this.source, this.scope(state)).value;
    if (node.children.some((c) => c.type === '+=')) {
      const previous = state.lookup(name);
      value = previous === undefined || value === undefined ? undefined : previous + value;
    }
    return { name, value };
  }

  private assign(node: Node, state: ShellState, options: { exported?: boolean; local?: boolean; opaque?: boolean }): void {
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
  private declaration(node: Node, state: ShellState, depth: number): void {
    this.substitutions(node, state, depth);
    const keyword = node.child(0)?.type ?? '';
    const flags = node.namedChildren
      .filter((c) => c.type === 'word' && this.text(c).startsWith('-'))
      .map((c) => this.text(c))
      .join('');
    if (/[fF]/.test(flags)) return;
    const exported = keyword === 'export' || flags.includes('x') ? true : undefined;
    const local = keyword === 'local' || ((keyword === 'declare' || keyword === 'typeset') && this.frames.length > 0);
    // Arrays, name references, integers and case conversions do not hold the plain string assigned.
    const opaque = /[aAnilu]/.test(flags);
    for (const child of node.namedChildren) {
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

  private unset(node: Node, state: ShellState): void {
    const words = node.namedChildren.map((c) => this.text(c));
    const functions = words.includes('-f');
    for (const word of words) {
      if (word.startsWith('-')) continue;
      if (functions) state.functions.delete(word);
      else state.set(word, undefined);
    }
  }

  // ---- compound commands ----------------------------------------------------------------------------

  private ifStatement(node: Node, state: ShellState, depth: number): void {
    const { condition, body } = splitAtThen(node);
    this.block(node, state, depth, condition);
    const branches: ShellState[] = [];
    const thenState = state.clone();
    this.block(node, thenState, depth, body);
    branches.push(thenState);
    let hasElse = false;
    for (const clause of node.namedChildren) {
      if (clause.type !== 'elif_clause' && clause.type !== 'else_clause') continue;
      const branch = state.clone();
      if (clause.type === 'elif_clause') {
        const parts = splitAtThen(clause);
        this.block(clause, branch, depth + 1, parts.condition);
        this.block(clause, branch, depth + 1, parts.body);
      } else {
        hasElse = true;
        this.block(clause, branch, depth + 1);
      }
      branches.push(branch);
    }
    if (!hasElse) branches.push(state.clone());
    state.become(ShellState.merge(branches));
  }

  private whileStatement(node: Node, state: ShellState, depth: number): void {
    const condition = node.children.filter((_, i) => node.fieldNameForChild(i) === 'condition');
    this.block(node, state, depth, condition);
    this.loopBody(node.childForFieldName('body'), state, depth);
  }

  /** A body that runs any number of times: analysed once, the state after merges "ran" and "did not run". */
  private loopBody(body: Node | null, state: ShellState, depth: number): void {
    if (!body) return;
    const before = state.clone();
    this.statement(body, state, depth + 1);
    state.become(ShellState.merge([before, state]));
  }

  private forStatement(node: Node, state: ShellState, depth: number): void {
    const variable = node.childForFieldName('variable');
    const body = node.childForFieldName('body');
    const values = node.childrenForFieldName('value');
    for (const value of values) this.substitutions(value, state, depth);
    if (!variable || !body) return;
    const name = this.text(variable);
    const isFor = node.child(0)?.type === 'for';
    const items = values.flatMap((value) => expandWord(value, this.source, this.scope(state)));
    const literal = isFor && values.length > 0 && items.every((item) => item.value !== undefined && !item.glob);
    if (literal && items.length <= MAX_LOOP_ITEMS && this.analysis.budget >= items.length) {
      this.analysis.budget -= items.length;
      for (const item of items) {
        state.set(name, item.value);
        this.statement(body, state, depth + 1);
      }
      return;
    }
    state.set(name, undefined);
    this.loopBody(body, state, depth);
  }

  private caseStatement(node: Node, state: ShellState, depth: number): void {
    const value = node.childForFieldName('value');
    if (value) this.substitutions(value, state, depth);
    const branches = [state.clone()];
    for (const item of node.namedChildren) {
      if (item.type !== 'case_item') continue;
      const branch = state.clone();
      const statements = item.children.filter((c, i) => item.fieldNameForChild(i) !== 'value' && STATEMENTS.has(c.type));
      this.block(item, branch, depth + 1, statements);
      branches.push(branch);
    }
    state.become(ShellState.merge(branches));
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** Runs the command substitutions inside `node` (each in a subshell), without walking into them twice. */
  private substitutions(node: Node, state: ShellState, depth: number): void {
    const pending: Node[] = [node];
    while (pending.length > 0) {
      const current = pending.pop();
      if (!current) break;
      if (SUBSTITUTIONS.has(current.type)) {
        this.block(current, state.clone(), depth + 1);
        continue;
      }
      if (current.childCount === 0) continue;
      const children = current.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) pending.push(child);
      }
    }
  }

  private range(node: Node): Offsets {
    return this.source.rangeOf(node.startIndex, node.endIndex);
  }

  private text(node: Node): string {
    return this.source.text.slice(node.startIndex, node.endIndex);
  }
}

function resolveValue(cwd: string | undefined, value: string | undefined): string | undefined {
  return value === undefined ? undefined : resolvePath(value, cwd);
}

function redirectsOf(node: Node): Node[] {
  const redirects: Node[] = [];
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child && (node.fieldNameForChild(i) === 'redirect' || child.type === 'herestring_redirect')) redirects.push(child);
  }
  return redirects;
}

/** `a && b || c` nests to the left; its commands in order, without recursion. */
function flattenList(node: Node): Node[] {
  const rights: Node[] = [];
  let current: Node | null = node;
  while (current?.type === 'list') {
    const named: Node[] = current.namedChildren;
    const right = named.length > 1 ? named[named.length - 1] : undefined;
    if (right) rights.push(right);
    current = named[0] ?? null;
  }
  if (current) rights.push(current);
  return rights.reverse();
}

/** The children of `if`/`elif` before `then` (the condition) and after it (the body, up to elif/else/fi). */
function splitAtThen(node: Node): { condition: Node[]; body: Node[] } {
  const condition: Node[] = [];
  const body: Node[] = [];
  let inBody = false;
  for (const child of node.children) {
    if (child.type === 'then') inBody = true;
    else if (child.type === 'elif_clause' || child.type === 'else_clause') break;
    else (inBody ? body : condition).push(child);
  }
  return { condition, body };
}

/** Variables that `read`, `mapfile`, `printf -v`, `getopts` and `let` set to values not known here. */
function assignedByBuiltin(name: string, args: readonly ArgWord[]): string[] {
  const values = args.map((a) => a.value ?? '');
  const names = (list: readonly string[]): string[] => list.filter((v) => /^[A-Za-z_]\w*$/.test(v));
  switch (name) {
    case 'read': {
      const operands: string[] = [];
      for (let i = 0; i < values.length; i++) {
        const value = values[i] ?? '';
        if (/^-[^-]*[adinNptu]$/.test(value)) {
          if (value.endsWith('a')) operands.push(values[i + 1] ?? '');
          i++;
        } else if (!value.startsWith('-')) operands.push(value);
      }
      return operands.length > 0 ? names(operands) : ['REPLY'];
    }
    case 'mapfile':
    case 'readarray':
      return names(values.slice(-1)).concat(['MAPFILE']);
    case 'printf': {
      const v = values.indexOf('-v');
      return v >= 0 ? names([values[v + 1] ?? '']) : [];
    }
    case 'getopts':
      return names(values.slice(1, 2)).concat(['OPTARG', 'OPTIND']);
    default:
      return names(values.map((v) => v.split(/[^\w]/)[0] ?? ''));
  }
}

