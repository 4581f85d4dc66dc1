import { JSONInstruction, ModifiableInstruction } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import type { LineIndex, Offsets } from '../text/line-index.js';
import { decodeJsonString, isJsonArrayOfStrings } from './json-form.js';
import type { Environment, InstructionModel, ShellKind, StageModel, VolumeDecl, VolumesInScope, Word } from './types.js';
import { expandDockerfileWord, splitWords, wordsSpan } from './words.js';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

/** The file's text and how to turn the parser's line/character ranges into offsets. */
export interface SourceText {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  toOffsets: (range: Range) => Offsets;
}

export function sourceText(text: string, lines: LineIndex, escapeChar: string): SourceText {
  return { text, lines, escapeChar, toOffsets: (r) => ({ start: lines.offsetAt(r.start), end: lines.offsetAt(r.end) }) };
}

/** What is in effect where an instruction stands. */
export interface InstructionScope {
  stage: StageModel | undefined;
  env: Environment;
  workdir: string | undefined;
  user: string | undefined;
  shell: ShellKind;
  volumes: VolumesInScope;
}

/** Exec-form RUN/CMD/ENTRYPOINT (and SHELL, HEALTHCHECK) see no variable substitution; VOLUME and the like do. */
const NO_JSON_SUBSTITUTION = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK']);
/** Shell-form arguments the shell expands, not the builder. */
const SHELL_EXPANDED = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/**
 * What every instruction of the model shares: `volumes`, listed from its scope on use, is a getter on this prototype
 * (a getter in each object literal cost a closure and its context per instruction: ~24 MB for 10,000 stages).
 */
class ReadInstruction {
  constructor(public volumeScope: VolumesInScope) {}

  get volumes(): readonly VolumeDecl[] {
    return this.volumeScope.list();
  }
}

/**
 * A shell-form RUN reads its words when first asked: the shell analysis reads the RUN's text, not its words, and only a
 * few checks ask for them. Made up front they were a 2.5 MB RUN's ~360,000 words, ~40 MB held by the model while the
 * shell analysis ran.
 */
class ShellFormRun extends ReadInstruction {
  declare readonly range: Offsets;
  readonly #source: SourceText;
  /** Where the words start: after the keyword and the flags. */
  readonly #argsStart: number;
  #words: Word[] | undefined;

  constructor(volumeScope: VolumesInScope, source: SourceText, argsStart: number) {
    super(volumeScope);
    this.#source = source;
    this.#argsStart = argsStart;
  }

  get args(): Word[] {
    this.#words ??= splitWords(this.#source.text, this.#argsStart, this.range.end, this.#source.escapeChar).map((w) => ({ raw: w.raw, value: w.raw, range: w.range }));
    return this.#words;
  }
}

/** An instruction's words and flags, expanded with the scope in effect before it. */
export function readInstruction(node: Instruction, keyword: string, source: SourceText, scope: InstructionScope): InstructionModel {
  const { text, escapeChar, toOffsets } = source;
  const { env } = scope;
  const range = toOffsets(node.getRange());
  const keywordRange = toOffsets(node.getInstructionRange());
  const flags: InstructionModel['flags'] = [];
  let argsStart = keywordRange.end;
  if (node instanceof ModifiableInstruction) {
    for (const flag of node.getFlags()) {
      const fr = toOffsets(flag.getRange());
      const vr = flag.getValueRange();
      const value = flag.getValue();
      flags.push({
        name: flag.getName(),
        value: value === null || vr === null ? undefined : { raw: value, value: expandDockerfileWord(value, env, escapeChar), range: toOffsets(vr) },
        range: fr,
      });
      argsStart = Math.max(argsStart, fr.end);
    }
  }
  let json = false;
  let args: Word[] | undefined;
  if (
    node instanceof JSONInstruction &&
    node.getOpeningBracket() !== null &&
    node.getClosingBracket() !== null &&
    isJsonArrayOfStrings(text.slice(argsStart, range.end), escapeChar)
  ) {
    json = true;
    const substitute = !NO_JSON_SUBSTITUTION.has(keyword);
    args = node.getJSONStrings().map((s) => {
      const wordRange = toOffsets(s.getRange());
      const raw = text.slice(wordRange.start, wordRange.end);
      const decoded = decodeJsonString(raw);
      return { raw, value: substitute ? expandDockerfileWord(decoded, env, escapeChar, false) : decoded, range: wordRange };
    });
  } else if (keyword !== 'RUN') {
    args = splitWords(text, argsStart, range.end, escapeChar).map((w) => ({
      raw: w.raw,
      value: SHELL_EXPANDED.has(keyword) ? w.raw : expandDockerfileWord(w.raw, env, escapeChar),
      range: w.range,
    }));
  }
  const read = args === undefined ? new ShellFormRun(scope.volumes, source, argsStart) : Object.assign(new ReadInstruction(scope.volumes), { args });
  return Object.assign(read, {
    keyword,
    range,
    keywordRange,
    flags,
    json,
    stage: scope.stage,
    env,
    workdir: scope.workdir,
    user: scope.user,
    shell: scope.shell,
    node,
  });
}

/**
 * Where the words of a shell-form instruction lie, from the first one's start to the last one's end, without making
 * them (a long RUN's words are many); undefined when it has none.
 */
export function argumentsSpan(instr: InstructionModel, text: string, escapeChar: string): Offsets | undefined {
  const start = Math.max(instr.keywordRange.end, ...instr.flags.map((flag) => flag.range.end));
  return wordsSpan(text, start, instr.range.end, escapeChar);
}

/**
 * NAME=value pairs of ARG/ENV (and the legacy `ENV NAME value` form), expanded with the scope before them; the
 * flag says whether a value was given (`ARG X` gives none).
 */
export function declarations(instr: InstructionModel, scope: Environment, source: SourceText): [string, string | undefined, boolean][] {
  const out: [string, string | undefined, boolean][] = [];
  const words = instr.args;
  const first = words[0];
  if (instr.keyword === 'ENV' && first && !first.raw.includes('=')) {
    const rest = words[1];
    const raw = rest ? source.text.slice(rest.range.start, instr.range.end).trimEnd() : '';
    out.push([first.raw, expandDockerfileWord(raw, scope, source.escapeChar), true]);
    return out;
  }
  for (const w of words) {
    const eq = w.raw.indexOf('=');
    if (eq < 0) out.push([w.raw, undefined, false]);
    else out.push([w.raw.slice(0, eq), expandDockerfileWord(w.raw.slice(eq + 1), scope, source.escapeChar), true]);
  }
  return out;
}
