import type { Node, Tree } from 'web-tree-sitter';
import type { Offsets } from '../text/line-index.js';
import type { ArgWord } from './argv.js';
import { runBuiltin } from './builtins.js';
import { isEndlessCondition, runClass, type CommandRun } from './command-class.js';
import { commandIO, type CommandContext, type CommandHost, type StdinScript } from './command-io.js';
import { findListing } from './commands/find.js';
import { lookupCommand, runCommand } from './commands/table.js';
import { Declarations } from './declarations.js';
import { parseShell } from './parser.js';
import { scriptPieces } from './pieces.js';
import { ScriptSource } from './script-source.js';
import { ShellState } from './state.js';
import { ChainParts, childrenOf, fieldChildrenOf, flattenList, isChain, namedChildrenOf, redirectsOf, releaseCursor, splitAtThen, STATEMENTS } from './tree.js';
import type { Account, EffectKind, FileEffect, ScriptLocation, ScriptResolver } from './types.js';
import { expandString, expandWord, wordScript } from './words.js';

/** Nesting of compound statements and substitutions followed before giving up (keeps the JS stack safe). */
const MAX_DEPTH = 100;
/** Nesting of child shells (`sh -c "bash -c '...'"`). */
const MAX_SCRIPTS = 8;
/** Bodies a loop runs once per literal item, at most. */
const MAX_LOOP_ITEMS = 16;
/** Loop iterations and function calls analysed per RUN, so that the work stays linear in the script. */
const BODY_BUDGET = 512;
/**
 * Characters of script parsed at a time, at least, when a long script can be cut (pieces.ts): its tree then takes
 * ~1 MB of WebAssembly memory, and a parse costs far more than the call.
 */
const PIECE_LENGTH = 32 * 1024;

/** The effects found in one RUN, shared by every script it runs. */
export class Analysis {
  readonly effects: FileEffect[] = [];
  readonly accounts: Account[] = [];
  /** The command lines that ran, were not followed into another and are not no-ops (see command-class.ts). */
  readonly commands: CommandRun[] = [];
  clean: boolean = true;
  budget: number = BODY_BUDGET;
  /** Functions called at least once; with `walkUncalledFunctions`, the others are walked at the end of the script. */
  readonly called: Set<string> = new Set<string>();
  /** Command lines and scripts started so far: a command that started none was not followed into another. */
  started: number = 0;
  /** Endless loops (`while true`) around what runs now, in any script or function. */
  endless: number = 0;
  /** Set when a script was reached while `parseScripts` is off. */
  scriptReached: boolean = false;

  /** The walker of the script each function was defined in: a sourced file's functions run with its text. */
  readonly functionOwners: Map<Node, ScriptWalker> = new Map<Node, ScriptWalker>();
  /** Trees of sourced files: the functions they define outlive their walk, so they are freed by `dispose`. */
  private readonly retained: Tree[] = [];

  /**
   * Sees every command line that runs (after expansion, behind wrappers and in child shells), before builtins,
   * functions and the command table: what a linter of `docker` lines in scripts reads.
   */
  readonly onCommand: ((argv: readonly ArgWord[], range: Offsets, state: ShellState) => void) | undefined;
  /** Also walks the functions a script defines but never calls (a library of commands). */
  private readonly walkUncalledFunctions: boolean;
  /** The files of the image a RUN may execute or source (build-context scripts). */
  readonly resolveScript: ScriptResolver | undefined;
  /** Off: a script is not parsed (nor walked), only noted in `scriptReached`: whether a command line needs the parser. */
  private readonly parseScripts: boolean;

  /** Scripts at least twice this long are parsed a piece of about this length at a time (pieces.ts). */
  private readonly pieceLength: number;

  constructor(options: {
    onCommand?: (argv: readonly ArgWord[], range: Offsets, state: ShellState) => void;
    walkUncalledFunctions?: boolean;
    resolveScript?: ScriptResolver | undefined;
    parseScripts?: boolean;
    pieceLength?: number;
  } = {}) {
    this.onCommand = options.onCommand;
    this.walkUncalledFunctions = options.walkUncalledFunctions ?? false;
    this.resolveScript = options.resolveScript;
    this.parseScripts = options.parseScripts ?? true;
    this.pieceLength = options.pieceLength ?? PIECE_LENGTH;
  }

  dispose(): void {
    for (const tree of this.retained.splice(0)) {
      releaseCursor(tree);
      tree.delete();
    }
    this.functionOwners.clear();
  }

  /**
   * Parses `source` and walks it from `state`; `scripts` counts the shells around it; `via` locates, for a script
   * without a file of its own (`sh -c` inside an executed script), the command that started it.
   */
  runScript(source: ScriptSource, state: ShellState, scripts: number, via?: readonly ScriptLocation[], sourced = false): void {
    this.started++;
    if (!this.parseScripts) {
      this.scriptReached = true;
      return;
    }
    if (scripts > MAX_SCRIPTS) {
      this.clean = false;
      return;
    }
    // A sourced script's functions outlive its walk, so it is never cut; nor is a script that defines any.
    const pieces = sourced ? undefined : scriptPieces(source.text, this.pieceLength);
    if (pieces) {
      for (const piece of pieces) this.walkTree(source.slice(piece.start, piece.end), state, scripts, via, false);
    } else {
      this.walkTree(source, state, scripts, via, sourced);
    }
  }

  /** Parses and walks a script, or a piece of one. */
  private walkTree(source: ScriptSource, state: ShellState, scripts: number, via: readonly ScriptLocation[] | undefined, sourced: boolean): void {
    const tree = parseShell(source.text);
    if (!tree) {
      this.clean = false;
      return;
    }
    try {
      if (tree.rootNode.hasError) this.clean = false;
      const walker = new ScriptWalker(source, this, scripts, via);
      walker.block(tree.rootNode, state, 0);
      if (this.walkUncalledFunctions && scripts === 0) {
        for (const [name, body] of state.functions) if (!this.called.has(name)) walker.block(body, state.clone(), 1, [body]);
      }
    } finally {
      if (sourced) this.retained.push(tree);
      else {
        releaseCursor(tree);
        tree.delete();
      }
    }
  }

  /** Runs an exec-form command line (no shell: no expansion, no builtins); it has no script of its own. */
  runArgv(argv: readonly ArgWord[], state: ShellState, range: Offsets): void {
    new ScriptWalker(ScriptSource.spanning('', range), this, 0, undefined).dispatch(argv, {
      state, cwd: state.cwd, range, stdin: undefined, prefix: [], inProcess: false, depth: 0,
    });
  }
}

const WRITE_REDIRECTS = new Set(['>', '>>', '&>', '&>>', '>|', '>&']);
const SUBSTITUTIONS = new Set(['command_substitution', 'process_substitution']);

/**
 * Walks one parsed script: statements, lists and redirects, compound commands. Simple commands go to the builtins,
 * the script's functions (analysed where they are called, with the state of the call) or the command table.
 */
class ScriptWalker implements CommandHost {
  private readonly calling = new Set<string>();
  private readonly declarations: Declarations;
  /** What the pipeline gives the next simple command on its standard input (see `pipeInto`). */
  private piped: readonly ArgWord[] | undefined;

  constructor(
    private readonly source: ScriptSource,
    private readonly analysis: Analysis,
    readonly scripts: number,
    private readonly inheritedVia: readonly ScriptLocation[] | undefined,
  ) {
    this.declarations = new Declarations(source);
  }

  get effects(): FileEffect[] {
    return this.analysis.effects;
  }

  get accounts(): Account[] {
    return this.analysis.accounts;
  }

  get resolveScript(): ScriptResolver | undefined {
    return this.analysis.resolveScript;
  }

  runScript(source: ScriptSource, state: ShellState, scripts: number, via?: readonly ScriptLocation[], sourced?: boolean): void {
    this.analysis.runScript(source, state, scripts, via, sourced);
  }

  /** The statements among the children of `container`; one followed by `&` runs in the background (a subshell). */
  block(container: Node, state: ShellState, depth: number, children: readonly Node[] = childrenOf(container)): void {
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
      case 'pipeline': {
        // Without `lastpipe`, every element of a pipeline runs in a subshell.
        const elements = namedChildrenOf(node);
        elements.forEach((element, index) => {
          this.pipeInto(elements[index - 1], state);
          this.statement(element, state.clone(), depth + 1);
        });
        this.piped = undefined;
        return;
      }
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
        if (name && body) {
          state.functions.set(this.text(name), body);
          this.analysis.functionOwners.set(body, this);
        }
        return;
      }
      case 'variable_assignment':
        this.substitutions(node, state, depth);
        this.declarations.assign(node, state, {});
        return;
      case 'variable_assignments':
        for (const assignment of namedChildrenOf(node)) this.statement(assignment, state, depth + 1);
        return;
      case 'declaration_command':
        this.substitutions(node, state, depth);
        this.declarations.declaration(node, state);
        return;
      case 'unset_command':
        this.declarations.unset(node, state);
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
    const piped = this.piped;
    this.piped = undefined;
    const prefixNodes: Node[] = [];
    const argNodes: Node[] = [];
    const redirects: Node[] = [];
    let nameNode: Node | undefined;
    for (const { node: child, field } of fieldChildrenOf(node)) {
      if (field === 'name') nameNode = child.firstNamedChild ?? child;
      else if (field === 'argument') argNodes.push(child);
      else if (field === 'redirect') redirects.push(child);
      else if (child.type === 'variable_assignment') prefixNodes.push(child);
    }
    argNodes.push(...extraArgs);
    for (const part of [...prefixNodes, ...(nameNode ? [nameNode] : []), ...argNodes]) this.substitutions(part, state, depth);
    const prefix = prefixNodes.map((assignment) => this.declarations.assignmentValue(assignment, state));
    for (const redirect of redirects) this.redirect(redirect, state, depth);
    if (!nameNode) return;
    const stdin = given ?? this.stdinOf(redirects, state);
    const argv = [nameNode, ...argNodes].flatMap((word) => this.argWords(word, state));
    this.dispatch(argv, {
      state, cwd: state.cwd, range: this.range(node), stdin, prefix: prefix.filter((p) => p.name !== ''), inProcess: true, depth, via: this.via(node),
      ...(piped ? { piped } : {}),
    });
  }

  /**
   * Sets what the next simple command reads on its standard input, as words: the entries a `find` before it in the
   * pipeline lists (for `xargs`), or nothing known.
   */
  private pipeInto(previous: Node | undefined, state: ShellState): void {
    this.piped = undefined;
    const command = previous?.type === 'redirected_statement' ? previous.childForFieldName('body') : previous;
    if (command?.type !== 'command') return;
    const commandName = command.childForFieldName('name');
    const name = commandName?.firstNamedChild ?? commandName;
    if (!name || lookupCommand(this.argWords(name, state)[0]?.value ?? '')?.name !== 'find') return;
    const [nameWord, ...args] = [name, ...command.childrenForFieldName('argument')].flatMap((word) => this.argWords(word, state));
    if (nameWord) this.piped = findListing(args, nameWord);
  }

  /** The arguments a word gives, with its range and, for a literal word, its characters' origins. */
  private argWords(node: Node, state: ShellState): ArgWord[] {
    const fields = expandWord(node, this.source, state.scope());
    const range = this.range(node);
    const source = this.source;
    return fields.map((field) => ({
      value: field.value,
      partial: field.partial,
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
    this.analysis.onCommand?.(argv, context.range, context.state);
    if (argv.length === 0) return;
    const started = ++this.analysis.started;
    const effects = this.effects.length;
    this.run(argv, context);
    // A wrapper, a shell, a function or a script file is what it runs; any other command line is what it is.
    if (this.analysis.started === started) {
      const kind = runClass(argv.map((w) => w.value), this.analysis.endless > 0);
      // No-ops change no class (combinedClass): only the others are kept, which a long RUN has fewer of.
      if (kind !== 'noop') this.analysis.commands.push({ kind, hadEffects: this.effects.length > effects });
    }
  }

  private run(argv: readonly ArgWord[], context: CommandContext): void {
    const [nameWord, ...args] = argv;
    const name = nameWord?.value;
    if (!nameWord || name === undefined) return;
    if (context.inProcess) {
      if (runBuiltin(name, args, context.state)) return;
      const body = context.state.functions.get(name);
      if (body) {
        (this.analysis.functionOwners.get(body) ?? this).callFunction(name, body, context, args);
        return;
      }
    }
    // `./init.sh`, `/setup.sh`: a file run by its path, followed when volint knows its text (a script the build
    // context put there); otherwise `/bin/mkdir` is mkdir.
    if (name.includes('/') && commandIO(this, name, nameWord, context).runFile(nameWord, { byPath: true })) return;
    const entry = lookupCommand(name);
    if (entry) runCommand(entry.spec, args, commandIO(this, entry.name, nameWord, context));
  }

  /** Runs a function's body where it is called: its arguments are `$1`, `$2`... there, and the caller's again after. */
  callFunction(name: string, body: Node, context: CommandContext, args: readonly ArgWord[]): void {
    if (this.calling.has(name) || this.analysis.budget <= 0) return;
    this.analysis.budget--;
    this.calling.add(name);
    this.analysis.called.add(name);
    const state = context.state;
    const saved = state.positional;
    // An unknown argument, or a glob, may be several words or none: the arguments from there on are unknown.
    const known = args.findIndex((a) => a.value === undefined || a.glob);
    state.positional = args.map((a, i) => (known >= 0 && i >= known ? undefined : a.value));
    try {
      this.declarations.inFrame(state, () => {
        this.statement(body, state, context.depth + 1);
      });
    } finally {
      state.positional = saved;
      this.calling.delete(name);
    }
  }

  // ---- lists and redirects -------------------------------------------------------------------------

  /**
   * `a && b > f || c`. tree-sitter-bash nests lists to the left and hangs `a && b > f` redirects on the whole
   * list, so a long chain nests as deep as it is long: it is walked with an explicit stack, each redirect
   * handed down to the command the shell gives it to, the last one of the list.
   */
  private chain(root: Node, state: ShellState, depth: number): void {
    const work: ({ node: Node; redirects: readonly Node[] } | ChainParts)[] = [{ node: root, redirects: [] }];
    try {
      for (let item = work.pop(); item; item = work.pop()) {
        if (item instanceof ChainParts) {
          const part = item.next();
          if (part) work.push(item, part);
          continue;
        }
        const { node, redirects } = item;
        if (isChain(node)) {
          work.push(new ChainParts(node, redirects));
        } else if (node.type === 'redirected_statement' || redirects.length > 0) {
          this.redirected(node, state, depth, redirects);
        } else {
          this.statement(node, state, depth + 1);
        }
      }
    } finally {
      for (const item of work) if (item instanceof ChainParts) item.dispose();
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
      const items = pipeline ? namedChildrenOf(target) : flattenList(target);
      const last = items.pop();
      items.forEach((item, index) => {
        if (pipeline) this.pipeInto(items[index - 1], targetState);
        this.statement(item, pipeline ? targetState.clone() : targetState, depth + 1);
      });
      this.piped = undefined;
      if (pipeline) {
        targetState = targetState.clone();
        this.pipeInto(items[items.length - 1], targetState);
      }
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
    for (const child of namedChildrenOf(heredoc)) {
      if (child.type !== 'pipeline') continue;
      const feedsShell = target?.type === 'command' && this.isBareCat(target);
      namedChildrenOf(child).forEach((element, index) => {
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
      const children = namedChildrenOf(heredoc);
      const body = children.find((c) => c.type === 'heredoc_body');
      const start = children.find((c) => c.type === 'heredoc_start');
      if (!body || !start) return undefined;
      const quoted = /['"\\]/.test(this.text(start));
      return { source: this.source.slice(body.startIndex, body.endIndex), state: quoted ? state.child() : state.expandedChild() };
    };
  }

  private herestringInput(herestring: Node, state: ShellState): StdinScript {
    return () => {
      const word = namedChildrenOf(herestring)[0];
      if (!word) return undefined;
      const field = expandString(word, this.source, state.scope());
      if (field.value === undefined) return undefined;
      const literal = wordScript(word, this.source);
      const source = literal?.text === field.value ? literal : ScriptSource.spanning(field.value, this.range(word));
      return { source, state: state.child() };
    };
  }

  private redirect(node: Node, state: ShellState, depth: number): void {
    if (node.type === 'heredoc_redirect') {
      for (const inner of node.childrenForFieldName('redirect')) this.redirect(inner, state, depth);
      const body = namedChildrenOf(node).find((c) => c.type === 'heredoc_body');
      if (body) this.substitutions(body, state, depth);
      return;
    }
    this.substitutions(node, state, depth);
    if (node.type !== 'file_redirect') return;
    const operator = childrenOf(node).find((c) => !c.isNamed)?.type ?? '';
    const destination = node.childForFieldName('destination');
    if (!destination) return;
    let kind: EffectKind;
    if (operator === '<') kind = 'read';
    else if (WRITE_REDIRECTS.has(operator)) kind = 'write';
    else return;
    const target = expandString(destination, this.source, state.scope());
    // `2>&1`, `>&-`: a file descriptor, not a file.
    if (operator === '>&' && (destination.type === 'number' || target.value === '-' || /^\d+$/.test(target.value ?? ''))) return;
    const word: ArgWord = { value: target.value, partial: target.partial, glob: target.glob, range: this.range(destination), source: () => undefined };
    const context: CommandContext = { state, cwd: state.cwd, range: this.range(node), stdin: undefined, prefix: [], inProcess: false, depth, via: this.via(node) };
    commandIO(this, operator, word, context).effect(kind, word);
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
    for (const clause of namedChildrenOf(node)) {
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
    const condition = fieldChildrenOf(node).flatMap((c) => (c.field === 'condition' ? [c.node] : []));
    const [test, ...more] = condition.filter((c) => c.isNamed);
    const endless = test !== undefined && more.length === 0 && isEndlessCondition(node.child(0)?.type ?? '', this.text(test));
    if (endless) this.analysis.endless++;
    try {
      this.block(node, state, depth, condition);
      this.loopBody(node.childForFieldName('body'), state, depth);
    } finally {
      if (endless) this.analysis.endless--;
    }
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
    const items = values.flatMap((value) => expandWord(value, this.source, state.scope()));
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
    for (const item of namedChildrenOf(node)) {
      if (item.type !== 'case_item') continue;
      const branch = state.clone();
      const statements = fieldChildrenOf(item).flatMap((c) => (c.field !== 'value' && STATEMENTS.has(c.node.type) ? [c.node] : []));
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
      const children = namedChildrenOf(current);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) pending.push(child);
      }
    }
  }

  private range(node: Node): Offsets {
    return this.source.rangeOf(node.startIndex, node.endIndex);
  }

  /** Where the node lies in the executed script it comes from, if any. */
  private via(node: Node): readonly ScriptLocation[] | undefined {
    return this.source.locate(node.startIndex, node.endIndex) ?? this.inheritedVia;
  }

  private text(node: Node): string {
    return this.source.text.slice(node.startIndex, node.endIndex);
  }
}


