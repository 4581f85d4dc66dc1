import type { Environment, Word } from '../model/types.js';
import { parseJsonString } from '../model/json-form.js';
import type { Offsets } from '../text/line-index.js';
import { literalWord, type ArgWord } from './argv.js';
import { mountTargets, withoutMounted, type RunFlag } from './mounts.js';
import { commandBeforeHeredoc, heredocOnlyScript, jsonStringSource, shellFormSource } from './run-script.js';
import { ShellState } from './state.js';
import type { FileEffect, RunAnalysis, ScriptResolver } from './types.js';
import { Analysis } from './walk.js';

/** A RUN instruction as the analysis needs it, independent of how the Dockerfile model is built. */
export interface RunInput {
  /** The whole Dockerfile. */
  text: string;
  /** The instruction, from its keyword to the end of its last line (heredocs included). */
  range: Offsets;
  keywordRange: Offsets;
  flags: readonly RunFlag[];
  escapeChar: string;
  env: Environment;
  workdir: string | undefined;
  /** Exec form: the JSON strings of the array. Absent for shell form. */
  exec?: readonly Word[];
  /** The image's files that the RUN may execute or source, where volint knows them (build-context scripts). */
  scripts?: ScriptResolver | undefined;
  /** How long a script must be to be parsed in pieces (walk.ts); tests compare the walk both ways. */
  pieceLength?: number;
}

/** The file-system effects of one RUN, in the order they happen. */
export function analyzeRunInput(input: RunInput): RunAnalysis {
  const analysis = new Analysis({ resolveScript: input.scripts, ...(input.pieceLength === undefined ? {} : { pieceLength: input.pieceLength }) });
  try {
    return analyzeWith(analysis, input);
  } finally {
    analysis.dispose();
  }
}

function analyzeWith(analysis: Analysis, input: RunInput): RunAnalysis {
  const state = ShellState.initial(input.env, input.workdir);
  if (input.exec) {
    const argv = input.exec.map((word) => execWord(input.text, word));
    const first = argv[0];
    const last = argv[argv.length - 1];
    if (first && last) analysis.runArgv(argv, state, { start: first.range.start, end: last.range.end });
  } else {
    const start = Math.max(input.keywordRange.end, ...input.flags.map((flag) => flag.range.end));
    const source = shellFormSource(input.text, Math.min(start, input.range.end), input.range.end, input.escapeChar);
    const heredoc = heredocOnlyScript(source);
    if (heredoc?.kind !== 'none') analysis.runScript(heredoc?.source ?? commandBeforeHeredoc(source) ?? source, state, 0);
  }
  return {
    effects: withoutMounted(deduplicated(analysis.effects), mountTargets(input.flags, input.workdir)),
    accounts: analysis.accounts,
    commands: analysis.commands,
    clean: analysis.clean,
  };
}

/**
 * An exec-form argument: the JSON string as written, never expanded (exec form runs no shell). It is decoded
 * from the Dockerfile text itself, which is what Docker reads, before trusting the model's decoded value.
 */
function execWord(text: string, word: Word): ArgWord {
  const value = parseJsonString(text.slice(word.range.start, word.range.end)) ?? parseJsonString(word.raw) ?? word.value;
  if (value === undefined) return { value: undefined, glob: false, range: word.range, source: () => undefined };
  return literalWord(value, word.range, () => jsonStringSource(text, word.range, value));
}

/**
 * A function called twice, or a loop, can find the very same effect again. Effects are bucketed by where they are
 * (a number, not a key string per effect: a RUN can have 100,000 effects) and compared field by field.
 */
function deduplicated(effects: readonly FileEffect[]): FileEffect[] {
  const seen = new Map<number, FileEffect | FileEffect[]>();
  return effects.filter((e) => {
    const key = e.range.start * 0x4000000 + (e.pathRange.start % 0x4000000);
    const found = seen.get(key);
    if (found === undefined) {
      seen.set(key, e);
      return true;
    }
    const bucket = Array.isArray(found) ? found : [found];
    if (bucket.some((other) => sameEffect(other, e))) return false;
    bucket.push(e);
    if (bucket !== found) seen.set(key, bucket);
    return true;
  });
}

/** Equal as deduplication sees effects: `setting` and `via` aside. */
function sameEffect(a: FileEffect, b: FileEffect): boolean {
  return (
    a.kind === b.kind &&
    a.path.tail === b.path.tail &&
    a.path.text === b.path.text &&
    a.recursive === b.recursive &&
    a.command === b.command &&
    a.range.start === b.range.start &&
    a.range.end === b.range.end &&
    a.pathRange.start === b.pathRange.start &&
    a.pathRange.end === b.pathRange.end
  );
}
