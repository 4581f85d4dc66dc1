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
 * A shell script as the shell sees it, with the Dockerfile range each of its characters comes from. A
 * character usually comes from one Dockerfile character, but a decoded escape (`\"` in a JSON string) spans
 * several, and a value computed from an expansion spans the whole word it came from.
 */
export class ScriptSource {
  constructor(
    readonly text: string,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
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
    return new ScriptSource(spanning.text, spanning.starts, spanning.ends, range.end, {
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
    if (e > s) return { start: this.starts[s] ?? this.endOffset, end: this.ends[e - 1] ?? this.endOffset };
    const at = s < length ? (this.starts[s] ?? this.endOffset) : this.endOffset;
    return { start: at, end: at };
  }

  /** The characters [start, end) as a script of their own, keeping their Dockerfile offsets. */
  slice(start: number, end: number): ScriptSource {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    const endOffset = e > s ? (this.ends[e - 1] ?? this.endOffset) : this.rangeOf(s, s).start;
    const origin = this.origin ? { ...this.origin, base: this.origin.base + s } : undefined;
    return new ScriptSource(this.text.slice(s, e), this.starts.subarray(s, e), this.ends.subarray(s, e), endOffset, origin);
  }

  /** A script whose every character stands for the whole `range` (a value with no character-exact origin). */
  static spanning(text: string, range: Offsets): ScriptSource {
    return new ScriptSource(text, new Int32Array(text.length).fill(range.start), new Int32Array(text.length).fill(range.end), range.end);
  }
}

/** Builds a ScriptSource piece by piece in time linear in its length. */
export class ScriptBuilder {
  private readonly pieces: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  /** Appends `text.slice(from, to)`, where `text` is the Dockerfile itself. */
  appendSpan(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    this.pieces.push(text.slice(from, to));
    for (let i = from; i < to; i++) {
      this.starts[this.length] = i;
      this.ends[this.length] = i + 1;
      this.length++;
    }
  }

  /** Appends `chars`, all coming from the Dockerfile range [start, end). */
  appendMapped(chars: string, start: number, end: number): void {
    this.reserve(chars.length);
    this.pieces.push(chars);
    for (let i = 0; i < chars.length; i++) {
      this.starts[this.length] = start;
      this.ends[this.length] = end;
      this.length++;
    }
  }

  /** Appends `chars` as coming from the characters [from, to) of another script. */
  appendFrom(source: ScriptSource, from: number, to: number, chars: string = source.text.slice(from, to)): void {
    const range = source.rangeOf(from, to);
    if (chars.length === to - from && chars.length > 0) {
      this.reserve(chars.length);
      this.pieces.push(chars);
      for (let i = from; i < to; i++) {
        const r = source.rangeOf(i, i + 1);
        this.starts[this.length] = r.start;
        this.ends[this.length] = r.end;
        this.length++;
      }
    } else {
      this.appendMapped(chars, range.start, range.end);
    }
  }

  build(endOffset: number): ScriptSource {
    return new ScriptSource(this.pieces.join(''), this.starts.subarray(0, this.length), this.ends.subarray(0, this.length), endOffset);
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.starts.length) return;
    const size = Math.max(needed, this.starts.length * 2);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    starts.set(this.starts.subarray(0, this.length));
    ends.set(this.ends.subarray(0, this.length));
    this.starts = starts;
    this.ends = ends;
  }
}
