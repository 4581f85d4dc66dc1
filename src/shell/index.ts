import type { DockerfileModel, Environment, InstructionModel } from '../model/types.js';
import type { Offsets } from '../text/line-index.js';
import { literalWord, type ArgWord } from './argv.js';
import { combinedClass, type CommandClass } from './command-class.js';
import { ScriptSource } from './script-source.js';
import { ShellState } from './state.js';
import { Analysis } from './walk.js';
import { analyzeRunInput } from './analyze.js';
import { isShellParserLoaded } from './parser.js';
import type { RunAnalysis, ScriptResolver } from './types.js';

export { isShellParserLoaded, loadShellParser, loadShellParserSync } from './parser.js';
export type { ArgWord } from './argv.js';
export type { CommandClass, CommandRun } from './command-class.js';
export { ScriptSource } from './script-source.js';
export type { EffectKind, ExternalScript, FileEffect, RunAnalysis, ScriptFile, ScriptLocation, ScriptResolver } from './types.js';

/**
 * The paths a RUN (or an `ONBUILD RUN` trigger) writes, creates, deletes, chowns or reads, with their
 * Dockerfile ranges. Shell-form RUNs of Windows stages and under a non-POSIX `SHELL` are not analysed (no effects).
 * Synchronous; throws unless `loadShellParser()` has completed.
 */
export function analyzeRun(instr: InstructionModel, model: DockerfileModel, scripts?: ScriptResolver): RunAnalysis {
  if (!isShellParserLoaded()) throw new Error('volint: the shell parser is not loaded; await loadShellParser() first');
  // Windows is a property of a stage (its base image, or a SHELL that is not POSIX), not of the whole file.
  if (!instr.json && instr.shell === 'other') return { effects: [], accounts: [], commands: [], clean: true };
  return analyzeRunInput({
    text: model.text,
    range: instr.range,
    keywordRange: instr.keywordRange,
    flags: instr.flags,
    escapeChar: model.escapeChar,
    env: instr.env,
    workdir: instr.workdir,
    ...(instr.json ? { exec: instr.args } : {}),
    scripts,
  });
}

/**
 * Walks a whole script (a `.sh` file, a Makefile recipe, a CI `run:` step) and hands every command line that runs
 * to `onCommand`, as the RUN analysis sees it: expanded where the values are known, behind wrappers (`sudo`,
 * `sh -c`), inside functions where they are called, and in functions never called. Returns false when the script
 * could not be parsed cleanly. Synchronous; throws unless `loadShellParser()` has completed.
 */
export function walkCommands(
  source: ScriptSource,
  env: Environment,
  onCommand: (argv: readonly ArgWord[], range: Offsets, state: ShellState) => void,
): boolean {
  if (!isShellParserLoaded()) throw new Error('volint: the shell parser is not loaded; await loadShellParser() first');
  const analysis = new Analysis({ onCommand, walkUncalledFunctions: true });
  analysis.runScript(source, ShellState.initial(env, undefined), 0);
  return analysis.clean;
}

/**
 * What a container whose command line is `argv` (exec form: no shell around it) does over time: the shell analysis
 * runs it as a RUN's, behind wrappers (`tini --`, `gosu app`) and into scripts (`sh -c '...'`), and classifies the
 * command lines it ends at (command-class.ts). Synchronous; throws unless `loadShellParser()` has completed when the
 * command line runs a script (see `runsScript`). `env`: the container's environment (a variable absent from it is
 * unknown, and so is a command line that depends on one).
 */
export function classifyCommand(argv: readonly string[], env: Environment = new Map()): CommandClass {
  if (argv.length === 0) return 'noop';
  const analysis = new Analysis();
  try {
    analysis.runArgv(literalArgv(argv), ShellState.initial(env, undefined), NO_RANGE);
    return combinedClass(analysis.commands, analysis.clean);
  } finally {
    analysis.dispose();
  }
}

/** Whether `argv` runs a script (`sh -c`, `su -c`, `eval`): classifying it then needs the shell parser. */
export function runsScript(argv: readonly string[]): boolean {
  const analysis = new Analysis({ parseScripts: false });
  analysis.runArgv(literalArgv(argv), ShellState.initial(new Map(), undefined), NO_RANGE);
  return analysis.scriptReached;
}

const NO_RANGE: Offsets = { start: 0, end: 0 };

function literalArgv(argv: readonly string[]): ArgWord[] {
  return argv.map((value) => literalWord(value, NO_RANGE, () => ScriptSource.spanning(value, NO_RANGE)));
}
