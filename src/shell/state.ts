import type { Node } from 'web-tree-sitter';
import { lookupVariable } from '../model/environment.js';
import { hasUnknownPart } from '../model/path-pattern.js';
import type { Environment } from '../model/types.js';
import type { WordScope } from './words.js';

/** Set in every RUN by the runtime or the shell, or by a builder without an ARG for them (the proxy variables). */
const PROVIDED = new Set(['HOME', 'PATH', 'HOSTNAME', 'PWD', 'OLDPWD', 'SHLVL', 'IFS', 'PS1', 'PS2', 'PS4', 'PPID', 'UID', 'EUID',
  'GROUPS', 'RANDOM', 'SECONDS', 'LINENO', 'HOSTTYPE', 'MACHTYPE', 'OSTYPE', 'OPTIND', 'OPTARG', 'TERM', 'SHELL', 'USER', 'LOGNAME', '_',
  'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy']);

export interface Variable {
  /** undefined: the variable may hold anything. */
  readonly value: string | undefined;
  /** In the environment of child processes (`sh -c` sees it). */
  readonly exported: boolean;
}

/**
 * What the shell knows at one point of a script: working directory, variables, `pushd` stack, functions. The
 * instruction's environment is read through, not copied: a state is made for every RUN and copied for every subshell,
 * branch and pipeline element, and a long chain of stages can have thousands of ENV and ARG values.
 */
export class ShellState {
  /** `$1`, `$2`... inside a function call (undefined entries: unknown arguments); undefined where they are unknown. */
  positional: readonly (string | undefined)[] | undefined = undefined;

  private constructor(
    /** The working directory; it may end in unknown parts (model/path-pattern `directoryOf`). */
    public cwd: string | undefined,
    /** What the script set over the environment; null: unset (a `local` restored over a variable that was not set). */
    private vars: Map<string, Variable | null>,
    public dirStack: (string | undefined)[],
    public functions: Map<string, Node>,
    /**
     * Set for the script of an unquoted heredoc fed to a shell: the outer shell expands `$X` in it before the
     * inner one runs, so `$X` reads the outer value whatever the script assigns.
     */
    private readonly frozen: boolean,
    /**
     * The instruction's environment: its ENV/ARG values, all exported, under `vars`; and whether a name absent from it
     * is known to be unset (model/environment.ts).
     */
    private readonly base: Environment,
  ) {}

  /** The state a RUN starts in: the instruction's ENV/ARG values, all exported, and its WORKDIR. */
  static initial(env: Environment, cwd: string | undefined): ShellState {
    return new ShellState(cwd, new Map(), [], new Map(), false, env);
  }

  /** `PWD` follows the working directory; a variable absent from the environment is unknown, not empty. */
  lookup(name: string): string | undefined {
    if (/^\d+$/.test(name)) return name === '0' ? undefined : this.positional?.[Number(name) - 1];
    if (name === 'PWD') return this.cwd === undefined || hasUnknownPart(this.cwd) ? undefined : this.cwd;
    return this.get(name)?.value;
  }

  /** The variables as word expansion sees them; `${NAME:=word}` assigns through it. */
  scope(): WordScope {
    return {
      lookup: (name) => this.lookup(name),
      isUnset: (name) => this.isUnset(name),
      assign: (name, value) => {
        this.set(name, value);
      },
    };
  }

  /**
   * True when `name` is known not to be set: the shell never set it, the environment is known to lack it, and it is
   * not one the runtime or the shell provides (HOME, PATH, proxies...).
   */
  isUnset(name: string): boolean {
    // A positional parameter is never known to be unset: a script may be run with arguments.
    if (/^\d+$/.test(name)) return false;
    return this.get(name) === undefined && !PROVIDED.has(name) && !/^(?:BASH|BUILDKIT_)/.test(name) && lookupVariable(this.base, name).state === 'unset';
  }

  get(name: string): Variable | undefined {
    const own = this.vars.get(name);
    if (own !== undefined) return own ?? undefined;
    return this.base.has(name) ? { value: this.base.get(name), exported: true } : undefined;
  }

  set(name: string, value: string | undefined, exported?: boolean): void {
    if (this.frozen) return;
    this.vars.set(name, { value, exported: exported ?? this.get(name)?.exported ?? false });
  }

  /** Restores a variable saved before a function's `local` (undefined: it did not exist). */
  restore(name: string, saved: Variable | undefined): void {
    this.vars.set(name, saved ?? null);
  }

  /** A copy for a subshell, a branch or a pipeline element. */
  clone(): ShellState {
    const copy = new ShellState(this.cwd, new Map(this.vars), [...this.dirStack], new Map(this.functions), this.frozen, this.base);
    copy.positional = this.positional;
    return copy;
  }

  /**
   * The state of a child shell (`sh -c`): it inherits exported variables only. A variable set here but not
   * exported may still come from the image's environment, so it is unknown there rather than empty.
   */
  child(frozen = false): ShellState {
    const vars = new Map<string, Variable | null>();
    for (const [name, variable] of this.vars) vars.set(name, variable === null || variable.exported ? variable : { value: undefined, exported: false });
    return new ShellState(this.cwd, vars, [], new Map(), frozen, this.base);
  }

  /** The state of a heredoc script the outer shell expands first: every variable as the outer shell sees it. */
  expandedChild(): ShellState {
    const child = new ShellState(this.cwd, new Map(this.vars), [], new Map(), true, this.base);
    child.positional = this.positional;
    return child;
  }

  /** Takes over another state (the merge of branches). */
  become(other: ShellState): void {
    this.cwd = other.cwd;
    this.vars = new Map(other.vars);
    this.dirStack = [...other.dirStack];
    this.functions = new Map(other.functions);
    this.positional = other.positional;
  }

  /** After branches that may each have run: what all of them agree on; anything else is unknown. */
  static merge(states: readonly ShellState[]): ShellState {
    const [first, ...rest] = states;
    if (!first) throw new Error('merge of no states');
    const merged = first.clone();
    for (const other of rest) {
      if (merged.cwd !== other.cwd) merged.cwd = undefined;
      // Names only the environment sets are the same in every branch.
      const names = new Set([...merged.vars.keys(), ...other.vars.keys()]);
      for (const name of names) {
        const a = merged.get(name);
        const b = other.get(name);
        if (a?.value !== b?.value || a?.exported !== b?.exported) {
          merged.vars.set(name, { value: undefined, exported: (a?.exported ?? false) || (b?.exported ?? false) });
        }
      }
      const sameStack = merged.dirStack.length === other.dirStack.length && merged.dirStack.every((d, i) => d === other.dirStack[i]);
      if (!sameStack) merged.dirStack = merged.dirStack.map(() => undefined);
      for (const [name, body] of other.functions) if (!merged.functions.has(name)) merged.functions.set(name, body);
      const pa = merged.positional;
      const pb = other.positional;
      if (pa !== pb && (pa?.length !== pb?.length || pa?.some((v, i) => v !== pb?.[i]))) merged.positional = undefined;
    }
    return merged;
  }
}
