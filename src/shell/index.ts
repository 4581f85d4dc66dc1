import type { DockerfileModel, Environment, InstructionModel } from '../model/types.js';
import type { Offsets } from '../text/line-index.js';
import type { ArgWord } from './argv.js';
import type { ScriptSource } from './script-source.js';
import { ShellState } from './state.js';
import { Analysis } from './walk.js';
import { analyzeRunInput } from './analyze.js';
import { isShellParserLoaded } from './parser.js';
import type { RunAnalysis, ScriptResolver } from './types.js';

export { isShellParserLoaded, loadShellParser, loadShellParserSync } from './parser.js';
export type { ArgWord } from './argv.js';
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
  if (!instr.json && instr.shell === 'other') return { effects: [], accounts: [], clean: true };
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
