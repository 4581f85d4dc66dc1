import type { Offsets } from '../text/line-index.js';
import { ScriptBuilder, ScriptSource } from './script-source.js';
import { isPosixShellInterpreter, shebangProgram } from '../model/shells.js';


function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/**
 * The script a shell-form RUN hands to the shell, from `start` (after the keyword and flags) to `end`. The
 * instruction line is joined as Docker's parser joins it: an escape character followed by blanks and a line
 * break continues the line and disappears, and lines inside the continuation that are blank or start with
 * `#` are dropped (they are Dockerfile comments, never seen by the shell). What follows the instruction
 * line is heredoc content, which Docker passes on as written; only CR of CRLF is dropped there.
 */
export function shellFormSource(text: string, start: number, end: number, escapeChar: string): ScriptSource {
  const out = new ScriptBuilder(end - start + 1);
  let pos = start;
  let firstLine = true;
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    let contentEnd = lineEnd;
    if (contentEnd > pos && text[contentEnd - 1] === '\r') contentEnd--;
    if (!firstLine) {
      let first = pos;
      while (first < contentEnd && isBlank(text[first])) first++;
      if (first === contentEnd || text[first] === '#') {
        pos = lineEnd + 1;
        continue;
      }
    }
    firstLine = false;
    let last = contentEnd;
    while (last > pos && isBlank(text[last - 1])) last--;
    if (last > pos && text[last - 1] === escapeChar) {
      out.appendSpan(text, pos, last - 1);
      pos = lineEnd + 1;
      continue;
    }
    out.appendSpan(text, pos, contentEnd);
    if (lineEnd < end) out.appendMapped('\n', contentEnd, lineEnd + 1);
    appendWithoutCarriageReturns(out, text, lineEnd + 1, end);
    break;
  }
  return out.build(end);
}

function appendWithoutCarriageReturns(out: ScriptBuilder, text: string, from: number, to: number): void {
  let pos = from;
  while (pos < to) {
    const cr = text.indexOf('\r\n', pos);
    if (cr < 0 || cr + 1 >= to) {
      out.appendSpan(text, pos, to);
      return;
    }
    out.appendSpan(text, pos, cr);
    pos = cr + 1;
  }
}

const HEREDOC_ONLY = /^[ \t]*<<(-?)[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s<>|&;()'"]+))[ \t]*$/;
const HEREDOCS_ONLY = /^[ \t]*(?:<<-?[ \t]*(?:"[^"]*"|'[^']*'|[^\s<>|&;()'"]+)[ \t]*)+$/;

/** A script to analyse, or `none` when what runs is not a shell script (a shebang, bare heredocs). */
export type HeredocScript = { kind: 'script'; source: ScriptSource } | { kind: 'none' };

/**
 * BuildKit runs the body of `RUN <<EOF` (nothing but one heredoc on the instruction line) as the script
 * itself, or, when the body starts with a shebang, as a file run by that interpreter. Any other RUN with
 * heredocs goes to the shell whole, where the heredocs are ordinary shell heredocs; with only heredocs and
 * no command (`RUN <<A <<B`), that shell runs nothing.
 */
export function heredocOnlyScript(script: ScriptSource): HeredocScript | undefined {
  const text = script.text;
  const firstBreak = text.indexOf('\n');
  if (firstBreak < 0) return undefined;
  const firstLine = text.slice(0, firstBreak);
  const match = HEREDOC_ONLY.exec(firstLine);
  if (!match) return HEREDOCS_ONLY.test(firstLine) ? { kind: 'none' } : undefined;
  const stripTabs = match[1] === '-';
  const name = match[2] ?? match[3] ?? match[4] ?? '';
  const bodyStart = firstBreak + 1;
  let bodyEnd = text.length;
  let pos = bodyStart;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    let line = text.slice(pos, lineEnd);
    if (stripTabs) line = line.replace(/^\t+/, '');
    if (line === name) {
      bodyEnd = pos;
      break;
    }
    pos = lineEnd + 1;
  }
  const body = script.slice(bodyStart, bodyEnd);
  const interpreter = shebangProgram(body.text);
  if (interpreter !== undefined && !isPosixShellInterpreter(interpreter)) return { kind: 'none' };
  return { kind: 'script', source: body };
}

const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The decoded value of a JSON string argument, each character mapped to the characters of its escape.
 * `range` may or may not include the quotes. When decoding the source text does not give `value` (an
 * argument broken over continuation lines, say), every character maps to the whole argument.
 */
export function jsonStringSource(text: string, range: Offsets, value: string): ScriptSource {
  let from = range.start;
  let to = range.end;
  if (to - from >= 2 && text[from] === '"' && text[to - 1] === '"') {
    from++;
    to--;
  }
  const out = new ScriptBuilder(to - from);
  let pos = from;
  while (pos < to) {
    const c = text[pos] ?? '';
    if (c !== '\\') {
      const next = text.indexOf('\\', pos);
      const stop = next < 0 || next > to ? to : next;
      out.appendSpan(text, pos, stop);
      pos = stop;
      continue;
    }
    const e = text[pos + 1] ?? '';
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
      out.appendMapped(String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16)), pos, pos + 6);
      pos += 6;
      continue;
    }
    const decoded = JSON_ESCAPES[e];
    if (decoded === undefined) return ScriptSource.spanning(value, range);
    out.appendMapped(decoded, pos, pos + 2);
    pos += 2;
  }
  const source = out.build(to);
  return source.text === value ? source : ScriptSource.spanning(value, range);
}

const LEADING_HEREDOC = /^([ \t]*)(<<-?[ \t]*(?:"[^"]*"|'[^']*'|[^\s<>|&;()'"]+))[ \t]+([^\s<>|&;()]+)/;

/**
 * `RUN <<EOF bash` (a heredoc before the command name) is valid shell that tree-sitter-bash does not parse;
 * the same script with the command name first (`bash <<EOF`) means the same and parses. The moved heredoc
 * operator maps to the empty range just after the command name, so offsets stay in order.
 */
export function commandBeforeHeredoc(script: ScriptSource): ScriptSource | undefined {
  const text = script.text;
  const match = LEADING_HEREDOC.exec(text);
  const lead = match?.[1];
  const operator = match?.[2];
  const command = match?.[3];
  if (!match || lead === undefined || operator === undefined || command === undefined) return undefined;
  const commandEnd = match[0].length;
  const commandStart = commandEnd - command.length;
  const after = script.rangeOf(commandEnd, commandEnd).start;
  const out = new ScriptBuilder(text.length + 1);
  out.appendFrom(script, 0, lead.length);
  out.appendFrom(script, commandStart, commandEnd);
  out.appendMapped(' ' + operator, after, after);
  out.appendFrom(script, commandEnd, text.length);
  return out.build(script.rangeOf(text.length, text.length).end);
}
