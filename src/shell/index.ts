import type { DockerfileModel, InstructionModel } from '../model/types.js';
import { analyzeRunInput } from './analyze.js';
import { isShellParserLoaded } from './parser.js';
import type { RunAnalysis } from './types.js';

export { isShellParserLoaded, loadShellParser } from './parser.js';
export type { EffectKind, FileEffect, RunAnalysis } from './types.js';

/**
 * The paths a RUN (or an `ONBUILD RUN` trigger) writes, creates, deletes, chowns or reads, with their
 * Dockerfile ranges. Windows files and RUNs under a non-POSIX `SHELL` are not analysed (no effects).
 * Synchronous; throws unless `loadShellParser()` has completed.
 */
export function analyzeRun(instr: InstructionModel, model: DockerfileModel): RunAnalysis {
  if (!isShellParserLoaded()) throw new Error('volint: the shell parser is not loaded; await loadShellParser() first');
  if (model.windows || (!instr.json && instr.shell === 'other')) return { effects: [], clean: true };
  return analyzeRunInput({
    text: model.text,
    range: instr.range,
    keywordRange: instr.keywordRange,
    flags: instr.flags,
    escapeChar: model.escapeChar,
    env: instr.env,
    workdir: instr.workdir,
    ...(instr.json ? { exec: instr.args } : {}),
  });
}
