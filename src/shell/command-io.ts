import { pathPattern } from '../model/path-pattern.js';
import { isStrictlyUnder, isUnderOrEqual, isVirtualPath } from '../model/paths.js';
import type { Offsets } from '../text/line-index.js';
import type { ArgWord } from './argv.js';
import { resolveDirectory } from './builtins.js';
import type { CommandIO } from './commands/table.js';
import { ScriptSource } from './script-source.js';
import type { ShellState } from './state.js';
import type { Account, EffectKind, FileEffect, ScriptLocation, ScriptResolver } from './types.js';
import { isPosixShellInterpreter, shebangProgram } from '../model/shells.js';

export type StdinScript = () => { source: ScriptSource; state: ShellState } | undefined;

/** Where a simple command runs. */
export interface CommandContext {
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
  /** What the command reads on standard input, as words, when the pipeline says (the entries `find` lists). */
  readonly piped?: readonly ArgWord[];
  /** Where the command lies inside a script the RUN executed (undefined for the RUN's own text). */
  readonly via?: readonly ScriptLocation[] | undefined;
}

/** What the IO of a command needs from the walk that runs it. */
export interface CommandHost {
  /** Where the effects of the RUN are collected. */
  readonly effects: FileEffect[];
  /** Where the accounts it creates are collected. */
  readonly accounts: Account[];
  /** Shells around the current script. */
  readonly scripts: number;
  /** Runs a command line in a context (builtins, functions, then the command table). */
  dispatch(argv: readonly ArgWord[], context: CommandContext): void;
  /** Parses and walks a script in a child shell. */
  runScript(source: ScriptSource, state: ShellState, scripts: number, via?: readonly ScriptLocation[], sourced?: boolean): void;
  /** The scripts of the image that volint can read. */
  readonly resolveScript: ScriptResolver | undefined;
}

/** The adapter through which a command table entry records effects and runs what it wraps. */
export function commandIO(host: CommandHost, command: string, nameWord: ArgWord, context: CommandContext): CommandIO {
  const emit = (kind: EffectKind, word: ArgWord, base: string | undefined, recursive: boolean, setting: string | undefined): void => {
    const path = pathPattern(word.value ?? word.partial, word.glob, base);
    if (path.prefix !== undefined && isVirtualPath(path.prefix)) return;
    const effect: FileEffect = { kind, path, recursive: recursive || (word.entries ?? false), command, range: context.range, pathRange: word.range };
    if (setting !== undefined) effect.setting = setting;
    if (context.via) effect.via = context.via;
    host.effects.push(effect);
  };
  return {
    nameWord,
    piped: context.piped,
    variable: (name) => {
      const prefixed = context.prefix.find((p) => p.name === name);
      return prefixed ? prefixed.value : context.state.lookup(name);
    },
    effect: (kind, word, options = {}) => {
      const base = options.base ? resolveDirectory(context.cwd, options.base) : context.cwd;
      emit(kind, word, base, options.recursive ?? false, options.setting?.value);
    },
    account: (account) => {
      host.accounts.push(account);
    },
    exec: (argv, options = {}) => {
      let cwd = options.unknownCwd ? undefined : context.cwd;
      if (options.cwd) cwd = resolveDirectory(cwd, options.cwd);
      const { piped, ...rest } = context;
      const input = options.piped ? { piped } : {};
      host.dispatch(argv, { ...rest, ...input, cwd, stdin: undefined, inProcess: context.inProcess && (options.inProcess ?? false) });
    },
    script: (word, options = {}) => {
      if (word.value === undefined) return;
      const source = word.source() ?? ScriptSource.spanning(word.value, word.range);
      if (options.inProcess && context.inProcess) {
        host.runScript(source, context.state, host.scripts + 1);
        return;
      }
      const child = childState(context);
      child.cwd = options.unknownCwd ? undefined : context.cwd;
      host.runScript(source, child, host.scripts + 1, context.via);
    },
    stdinScript: () => {
      const input = context.stdin?.();
      if (!input) return;
      for (const { name, value } of context.prefix) input.state.set(name, value, true);
      input.state.cwd = context.cwd;
      host.runScript(input.source, input.state, host.scripts + 1, context.via);
    },
    runFile: (word, options = {}) => {
      const pattern = word.value === undefined ? undefined : pathPattern(word.value, false, context.cwd);
      const path = pattern?.tail === 'exact' ? pattern.prefix : undefined;
      // Changed earlier in this RUN (`sed -i`, a download over it): what runs is no longer the file volint knows.
      if (path === undefined || host.effects.some((effect) => mayChangeFile(effect, path))) return false;
      const script = host.resolveScript?.(path);
      if (!script) return false;
      if (options.byPath && !runsInPosixShell(script.text)) return true;
      const chain = context.via ?? [];
      const source = ScriptSource.external(script, context.range, chain);
      if (options.sourced && context.inProcess) {
        host.runScript(source, context.state, host.scripts + 1, undefined, true);
        return true;
      }
      const child = childState(context);
      child.cwd = context.cwd;
      host.runScript(source, child, host.scripts + 1);
      return true;
    },
  };
}

/** A child shell: the exported variables, and the command's own `NAME=value` prefixes. */
function childState(context: CommandContext): ShellState {
  const child = context.state.child();
  for (const { name, value } of context.prefix) child.set(name, value, true);
  return child;
}

/**
 * A file run by its path runs under the interpreter its `#!` line names: a POSIX shell is analysed, another
 * interpreter (python, node) is not. Without `#!` the shell that ran it reads it as a shell script (POSIX, on
 * ENOEXEC).
 */
function runsInPosixShell(text: string): boolean {
  if (!text.startsWith('#!')) return true;
  return isPosixShellInterpreter(shebangProgram(text) ?? '');
}

/** Whether an effect may have replaced, edited or removed the file at `path` (or a directory above it). */
export function mayChangeFile(effect: FileEffect, path: string): boolean {
  const { prefix, tail } = effect.path;
  if (effect.kind === 'read' || effect.kind === 'permission' || prefix === undefined) return false;
  // A glob or an unknown tail may name the file itself.
  if (tail !== 'exact') return isUnderOrEqual(path, prefix);
  return prefix === path || (isStrictlyUnder(path, prefix) && (effect.recursive || effect.kind === 'write' || effect.kind === 'delete'));
}
