import { analyzeRunInput, type RunInput } from '../src/shell/analyze.js';
import type { EffectKind, RunAnalysis } from '../src/shell/types.js';

export interface EffectView {
  kind: EffectKind;
  path: string | undefined;
  command: string;
  /** Source text of the effect's range. */
  text: string;
  /** Source text of the path word. */
  pathText: string;
  recursive?: true;
  glob?: true;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  workdir?: string;
  escapeChar?: string;
  /** Text before the RUN instruction (other lines of the Dockerfile). */
  before?: string;
  /** Text after the RUN instruction. */
  after?: string;
  exec?: boolean;
}

/**
 * Analyses `instruction` (a whole `RUN ...` instruction, heredocs included) as it would sit in a Dockerfile,
 * with its flags, exec-form arguments and ranges found the way the model finds them.
 */
export function analyze(instruction: string, options: RunOptions = {}): RunAnalysis & { text: string } {
  const before = options.before ?? 'FROM debian\n';
  const text = before + instruction + (options.after ?? '\n');
  const start = before.length;
  const keywordEnd = start + instruction.search(/\s|$/);
  const flags: RunInput['flags'][number][] = [];
  const flagPattern = /(?:\s|\\\r?\n)+--(\w+)=(\S+)/y;
  flagPattern.lastIndex = keywordEnd;
  let cursor = keywordEnd;
  for (let match = flagPattern.exec(text); match; match = flagPattern.exec(text)) {
    const value = match[2] ?? '';
    const flagStart = match.index + (match[0].length - value.length - (match[1] ?? '').length - 3);
    flags.push({
      name: match[1] ?? '',
      value: { raw: value, value, range: { start: match.index + match[0].length - value.length, end: match.index + match[0].length } },
      range: { start: flagStart, end: match.index + match[0].length },
    });
    cursor = match.index + match[0].length;
  }
  const input: RunInput = {
    text,
    range: { start, end: start + instruction.length },
    keywordRange: { start, end: keywordEnd },
    flags,
    escapeChar: options.escapeChar ?? '\\',
    env: new Map(Object.entries(options.env ?? {})),
    workdir: 'workdir' in options ? options.workdir : '/',
  };
  if (options.exec) input.exec = jsonArgs(text, cursor, start + instruction.length);
  return { ...analyzeRunInput(input), text };
}

/** The JSON strings of an exec-form array between `from` and `to`, with their ranges (quotes included). */
function jsonArgs(text: string, from: number, to: number): NonNullable<RunInput['exec']>[number][] {
  const args: NonNullable<RunInput['exec']>[number][] = [];
  const pattern = /"(?:[^"\\]|\\.)*"/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match && match.index < to; match = pattern.exec(text)) {
    const value = JSON.parse(match[0]) as string;
    args.push({ raw: match[0], value, range: { start: match.index, end: match.index + match[0].length } });
  }
  return args;
}

/** The effects in a compact, comparable form. */
export function effectsOf(instruction: string, options: RunOptions = {}): EffectView[] {
  const { effects, text } = analyze(instruction, options);
  return effects.map((e) => {
    const view: EffectView = {
      kind: e.kind,
      path: e.path.prefix === undefined ? undefined : e.path.text,
      command: e.command,
      text: text.slice(e.range.start, e.range.end),
      pathText: text.slice(e.pathRange.start, e.pathRange.end),
    };
    if (e.recursive) view.recursive = true;
    if (e.path.tail === 'glob') view.glob = true;
    return view;
  });
}

/**
 * Effects as one-line strings, `command: kind path [R] [G] @pathText`: R for recursive, G for glob, `?` for
 * an unknown path, and the source text of the word that names the path.
 */
export function summaryOf(instruction: string, options: RunOptions = {}): string[] {
  return effectsOf(instruction, options).map(
    (e) => `${e.command}: ${e.kind} ${e.path ?? '?'}${e.recursive ? ' R' : ''}${e.glob ? ' G' : ''} @${e.pathText}`,
  );
}
