import type { LineIndex, Offsets } from '../text/line-index.js';

/**
 * Inline ignores in files whose comments start with `#` (Compose YAML, shell, Makefiles, CI files):
 * `# volint ignore=rule[,rule]` on its own line applies to the next line that is not blank or a comment, at the end
 * of a line to that line; `# volint global ignore=…` anywhere applies to the whole file. A finding is matched by the
 * line it starts on.
 */
const DIRECTIVE = /(^|[ \t])#[ \t]*volint[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([^#\r\n]*)/i;

export interface LineIgnore {
  ruleId: string;
  global: boolean;
  /** 0-based line it applies to; -1 for a global one or a comment with nothing after it. */
  line: number;
  range: Offsets;
  used: boolean;
}

export function collectLineIgnores(text: string, lines: LineIndex): LineIgnore[] {
  const out: LineIgnore[] = [];
  if (!/volint/i.test(text)) return out;
  const starts = lines.lineStarts;
  for (let n = 0; n < starts.length; n++) {
    const start = starts[n] ?? 0;
    const end = n + 1 < starts.length ? (starts[n + 1] ?? text.length) : text.length;
    const line = text.slice(start, end);
    const m = DIRECTIVE.exec(line);
    if (!m) continue;
    const global = m[2] !== undefined;
    const ownLine = line.slice(0, m.index + (m[1]?.length ?? 0)).trim() === '';
    const target = global ? -1 : ownLine ? nextCodeLine(text, starts, n + 1) : n;
    const list = m[3] ?? '';
    const listStart = start + m.index + m[0].length - list.length;
    let offset = 0;
    for (const part of list.split(',')) {
      const id = part.trim();
      const at = listStart + offset + part.indexOf(id);
      offset += part.length + 1;
      if (id !== '') out.push({ ruleId: id, global, line: target, range: { start: at, end: at + id.length }, used: false });
    }
  }
  return out;
}

function nextCodeLine(text: string, starts: readonly number[], from: number): number {
  for (let n = from; n < starts.length; n++) {
    const start = starts[n] ?? 0;
    const end = n + 1 < starts.length ? (starts[n + 1] ?? text.length) : text.length;
    const body = text.slice(start, end).trim();
    if (body !== '' && !body.startsWith('#')) return n;
  }
  return -1;
}

export function isLineIgnored(entries: readonly LineIgnore[], ruleId: string, line: number): boolean {
  let hit = false;
  for (const e of entries) {
    if (e.ruleId !== ruleId && e.ruleId !== 'all') continue;
    if (e.global || e.line === line) {
      e.used = true;
      hit = true;
    }
  }
  return hit;
}
