/** Offsets are UTF-16 code-unit indexes into the text (as JS strings, ESLint and LSP count). */
export interface Offsets {
  start: number;
  end: number;
}

/** A 0-based line/character position, as LSP and dockerfile-ast use. */
export interface Position0 {
  line: number;
  character: number;
}

/** Converts between offsets and positions; built once per text. */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  offsetAt(pos: Position0): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line] ?? 0;
    const next = this.lineStarts[pos.line + 1] ?? this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  positionAt(offset: number): Position0 {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.lineStarts[lo] ?? 0) };
  }

  /** Text of a line without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    let end = this.lineStarts[line + 1] ?? this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.text.slice(start, end);
  }
}

const LINE_BREAK = /\r\n|\n|\r/;

/** The line break a text uses (its first one; `\n` when it has none), for the lines an edit adds. */
export function lineBreakOf(text: string): string {
  return LINE_BREAK.exec(text)?.[0] ?? '\n';
}

/** The line break that ends `text`; undefined when its last line has none. */
export function endingLineBreak(text: string): string | undefined {
  return /(\r\n|\n|\r)$/.exec(text)?.[1];
}
