import type { ArgWord } from '../argv.js';
import type { OptionSpec, ParsedArgs } from '../options.js';
import type { Account, EffectKind } from '../types.js';

/** What a command can do, as the walk that runs it offers. */
export interface CommandIO {
  /** The word naming the command. */
  readonly nameWord: ArgWord;
  /** Records an effect on the path `word` names, resolved against `base` (itself against the cwd) or the cwd. */
  effect(kind: EffectKind, word: ArgWord, options?: { recursive?: boolean; base?: ArgWord; setting?: ArgWord }): void;
  /** Records a user or group the command creates with a known id (`useradd -u 1000 app`). */
  account(account: Account): void;
  /** A variable of the command's environment (its `NAME=value` prefixes, then the shell's); undefined when unknown. */
  variable(name: string): string | undefined;
  /** What the command reads on standard input, as words, when known (the entries a `find` piped to `xargs` lists). */
  readonly piped: readonly ArgWord[] | undefined;
  /**
   * Runs another command line: what a wrapper starts, or the command of `find -exec`. `piped`: it reads this
   * command's standard input (`nice xargs rm`).
   */
  exec(argv: readonly ArgWord[], options?: { cwd?: ArgWord; unknownCwd?: boolean; inProcess?: boolean; piped?: boolean }): void;
  /** Runs `word` as a script in a child shell (`sh -c`, `su -c`), or in this shell itself (`eval`: `inProcess`). */
  script(word: ArgWord, options?: { unknownCwd?: boolean; inProcess?: boolean }): void;
  /** A shell reading its script from standard input: the heredoc or here-string given to this command. */
  stdinScript(): void;
  /**
   * Runs the image file `word` names, when volint knows its text: as a child script (`sh x.sh`, or by its path
   * with `byPath`, where its `#!` line decides), or in this shell (`sourced`: `. ./env.sh`). True when volint knows
   * the file (analysed, or known to run under another interpreter).
   */
  runFile(word: ArgWord, options?: { byPath?: boolean; sourced?: boolean }): boolean;
}

export interface CommandSpec {
  /** How arguments are parsed; without it every argument is an operand. */
  readonly options?: OptionSpec;
  /** Rewrites the arguments before parsing (old-style `tar xzf` bundles, `+o` shell options). */
  readonly rewrite?: (args: readonly ArgWord[]) => readonly ArgWord[];
  readonly effects: (args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]) => void;
}

/** A family of commands (files, archives, wrappers...): each name as it runs, with its entry. */
export type CommandFamily = readonly (readonly [string, CommandSpec])[];
