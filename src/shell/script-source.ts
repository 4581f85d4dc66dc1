import { LineIndex, type Offsets } from '../text/line-index.js';
import type { ExternalScript, ScriptFile, ScriptLocation } from './types.js';

/** For a script read from a file of its own: which file, and how its commands are located in it. */
interface ScriptOrigin {
  readonly file: ScriptFile;
  readonly lines: LineIndex;
  /** Offset, in the file's script text, of this source's first character. */
  readonly base: number;
  /** The commands that led into this script, outermost first. */
  readonly chain: readonly ScriptLocation[];
}

/**
 * Where the characters of a script come from: runs of characters, each either copied from a run of Dockerfile
 * characters (character i of the run is Dockerfile character `from + i`) or all standing for one Dockerfile range
 * (a decoded escape, an expanded value). Runs, not a pair of offsets per character: a 2.5 MB RUN is ~40,000 runs
 * (one per line), where two Int32Arrays of its length took 20 MB.
 */
interface Runs {
  /** Script offset where each run starts, increasing; a run ends where the next starts (the last, at `length`). */
  readonly starts: Int32Array;
  /** Dockerfile offset of the run's first character. */
  readonly from: Int32Array;
  /** For a run that stands for one range, that range's end; -1 for a run copied character by character. */
  readonly to: Int32Array;
  /** Characters the runs cover. */
  readonly length: number;
}

const NO_RUNS: Runs = { starts: new Int32Array(0), from: new Int32Array(0), to: new Int32Array(0), length: 0 };

/**
 * A shell script as the shell sees it, with the Dockerfile range each of its characters comes from. A
 * character usually comes from one Dockerfile character, but a decoded escape (`\"` in a JSON string) spans
 * several, and a value computed from an expansion spans the whole word it came from.
 */
export class ScriptSource {
  constructor(
    readonly text: string,
    private readonly runs: Runs,
    /** Where this script's first character lies in `runs` (a slice shares the runs of the script it is cut from). */
    private readonly offset: number,
    /** Where an empty range at the end of the script lies. */
    private readonly endOffset: number,
    private readonly origin?: ScriptOrigin,
  ) {}

  /**
   * A script the RUN executes from a file (a build-context file, a heredoc): every character stands for `range`,
   * the command of the RUN that started it, and `locate` tells where in the file a command is.
   */
  static external(script: ExternalScript, range: Offsets, chain: readonly ScriptLocation[]): ScriptSource {
    const spanning = ScriptSource.spanning(script.text, range);
    return new ScriptSource(spanning.text, spanning.runs, 0, range.end, {
      file: script.file, lines: new LineIndex(script.text), base: 0, chain,
    });
  }

  /** For a script from a file: the chain of script locations of the characters [start, end). */
  locate(start: number, end: number): readonly ScriptLocation[] | undefined {
    const origin = this.origin;
    if (!origin) return undefined;
    const s = origin.lines.positionAt(origin.base + start);
    const e = origin.lines.positionAt(origin.base + end);
    const firstLine = origin.file.firstLine;
    return [...origin.chain, { file: origin.file, line: firstLine + s.line, column: s.character, endLine: firstLine + e.line, endColumn: e.character }];
  }

  /** Dockerfile offsets of the script characters [start, end). */
  rangeOf(start: number, end: number): Offsets {
    const length = this.text.length;
    const s = Math.max(0, Math.min(start, length));
    const e = Math.max(s, Math.min(end, length));
    if (e > s) return { start: this.startOf(s), end: this.endOf(e - 1) };
    const at = s < length ? this.startOf(s) : this.endOffset;
    return { start: at, end: at };
  }

  /** The characters [start, end) as a script of their own, keeping their Dockerfile offsets. */
  slice(start: number, end: number): ScriptSource {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    const endOffset = e > s ? this.endOf(e - 1) : this.rangeOf(s, s).start;
    const origin = this.origin ? { ...this.origin, base: this.origin.base + s } : undefined;
    return new ScriptSource(this.text.slice(s, e), this.runs, this.offset + s, endOffset, origin);
  }

  /** A script whose every character stands for the whole `range` (a value with no character-exact origin). */
  static spanning(text: string, range: Offsets): ScriptSource {
    if (text.length === 0) return new ScriptSource(text, NO_RUNS, 0, range.end);
    const runs: Runs = { starts: Int32Array.of(0), from: Int32Array.of(range.start), to: Int32Array.of(range.end), length: text.length };
    return new ScriptSource(text, runs, 0, range.end);
  }

  /** Dockerfile offset where character `i` (of this script, < its length) starts. */
  private startOf(i: number): number {
    const at = this.offset + i;
    const { starts, from } = this.runs;
    const k = runAt(starts, at);
    if (k < 0) return this.endOffset;
    const base = from[k] ?? this.endOffset;
    return this.runs.to[k] === -1 ? base + (at - (starts[k] ?? at)) : base;
  }

  /** Dockerfile offset where character `i` (of this script, < its length) ends. */
  private endOf(i: number): number {
    const at = this.offset + i;
    const { starts, from, to } = this.runs;
    const k = runAt(starts, at);
    if (k < 0) return this.endOffset;
    const end = to[k] ?? -1;
    return end === -1 ? (from[k] ?? this.endOffset) + (at - (starts[k] ?? at)) + 1 : end;
  }

  /** Runs `[start, end)` of this script as runs of a script being built. */
  copyRuns(start: number, end: number, into: ScriptBuilder): void {
    const { starts, from, to } = this.runs;
    let at = this.offset + start;
    const stop = this.offset + end;
    for (let k = runAt(starts, at); k >= 0 && k < starts.length && at < stop; k++) {
      const runEnd = Math.min(stop, starts[k + 1] ?? this.runs.length);
      if (runEnd <= at) continue;
      const first = from[k] ?? 0;
      const last = to[k] ?? -1;
      if (last === -1) into.pushRun(runEnd - at, first + (at - (starts[k] ?? at)), -1);
      else into.pushRun(runEnd - at, first, last);
      at = runEnd;
    }
  }
}

/** The run holding script offset `at`: the last run starting at or before it; -1 when there is none. */
function runAt(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || (starts[0] ?? 0) > at) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Builds a ScriptSource piece by piece in time linear in its length. */
export class ScriptBuilder {
  private readonly pieces: string[] = [];
  private starts: Int32Array;
  private from: Int32Array;
  private to: Int32Array;
  private count = 0;
  private length = 0;

  constructor(capacity: number) {
    // Most scripts are one run per line.
    const runs = Math.max(4, Math.min(capacity, 64));
    this.starts = new Int32Array(runs);
    this.from = new Int32Array(runs);
    this.to = new Int32Array(runs);
  }

  /** Appends `text.slice(from, to)`, where `text` is the Dockerfile itself. */
  appendSpan(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.pieces.push(text.slice(from, to));
    this.pushRun(to - from, from, -1);
  }

  /** Appends `chars`, all coming from the Dockerfile range [start, end). */
  appendMapped(chars: string, start: number, end: number): void {
    if (chars.length === 0) return;
    this.pieces.push(chars);
    this.pushRun(chars.length, start, end);
  }

  /** Appends `chars` as coming from the characters [from, to) of another script. */
  appendFrom(source: ScriptSource, from: number, to: number, chars: string = source.text.slice(from, to)): void {
    if (chars.length === to - from && chars.length > 0) {
      this.pieces.push(chars);
      source.copyRuns(from, to, this);
    } else {
      const range = source.rangeOf(from, to);
      this.appendMapped(chars, range.start, range.end);
    }
  }

  /**
   * Adds a run of `length` characters (their text is pushed by the caller): copied from Dockerfile offset `from` on
   * when `to` is -1, else all standing for [from, to). A copied run that continues the one before joins it.
   */
  pushRun(length: number, from: number, to: number): void {
    if (length <= 0) return;
    const last = this.count - 1;
    if (to === -1 && last >= 0 && this.to[last] === -1 && (this.from[last] ?? 0) + (this.length - (this.starts[last] ?? 0)) === from) {
      this.length += length;
      return;
    }
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = this.length;
    this.from[this.count] = from;
    this.to[this.count] = to;
    this.count++;
    this.length += length;
  }

  build(endOffset: number): ScriptSource {
    const runs: Runs = {
      starts: this.starts.slice(0, this.count),
      from: this.from.slice(0, this.count),
      to: this.to.slice(0, this.count),
      length: this.length,
    };
    return new ScriptSource(this.pieces.join(''), runs, 0, endOffset);
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const grown = (old: Int32Array): Int32Array => {
      const next = new Int32Array(size);
      next.set(old);
      return next;
    };
    this.starts = grown(this.starts);
    this.from = grown(this.from);
    this.to = grown(this.to);
  }
}
