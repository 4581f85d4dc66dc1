import type { Node } from 'web-tree-sitter';
import { UNKNOWN_PART } from '../model/path-pattern.js';
import { ScriptBuilder, type ScriptSource } from './script-source.js';
import { childrenOf, namedChildrenOf } from './tree.js';

/** Variable values a word may use; `undefined` means unknown (never guessed, never taken as empty). */
export interface WordScope {
  lookup(name: string): string | undefined;
  /** True when the variable is known not to be set (so `${NAME:-word}` is `word`); false when unknown. */
  isUnset?(name: string): boolean;
  /** `${NAME:=word}` assigned `value` to NAME. */
  assign(name: string, value: string | undefined): void;
}

/** One argument a word expands to. */
export interface Field {
  value: string | undefined;
  /** Unquoted glob characters remain in the value (in the known parts of `partial`). */
  glob: boolean;
  /** When `value` is undefined: the known text, UNKNOWN_PART standing for each unknown part (`/data/$V` is `/data/\uFFFF`). */
  partial?: string;
}

const enum Seg {
  /** Unquoted text as written: subject to brace expansion, tilde expansion and globbing. */
  Literal,
  /** Quoted or escaped text: taken as is. */
  Quoted,
  /** An unquoted expansion's value: split into fields on blanks, then globbed. */
  Split,
  /** Depends on something unknown. */
  Unknown,
}

interface Segment {
  kind: Seg;
  text: string;
}

const UNKNOWN: Segment = { kind: Seg.Unknown, text: '' };
const UNKNOWN_FIELD: Field = { value: undefined, glob: false };
const MAX_BRACE_RESULTS = 256;
/** Brace expansion copies the word per result: a longer word with braces is left unknown instead. */
const MAX_BRACE_WORD = 4096;
const GLOB = /[*?]|\[[^\]]*\]/;
const PLAIN_WORD = /^[^\\{~*?[]*$/;

/** Expands an argument word the way the shell does (braces, tilde, variables, splitting, quote removal). */
export function expandWord(node: Node, source: ScriptSource, scope: WordScope): Field[] {
  if (node.type === 'word') {
    const text = source.text.slice(node.startIndex, node.endIndex);
    if (PLAIN_WORD.test(text)) return [{ value: text, glob: false }];
  }
  const segments: Segment[] = [];
  collect(node, false, segments, source, scope);
  const words = segments.some((s) => s.kind === Seg.Literal && s.text.includes('{')) ? expandBraces(segments) : [segments];
  if (!words) return [UNKNOWN_FIELD];
  const fields: Field[] = [];
  for (const word of words) {
    const expanded = expandTilde(word, scope);
    if (!expanded) fields.push(UNKNOWN_FIELD);
    else fields.push(...splitFields(expanded));
  }
  return fields;
}

/** Expands a word that is never split or brace-expanded: an assignment value, a redirect target, a `case` word. */
export function expandString(node: Node, source: ScriptSource, scope: WordScope): Field {
  const segments: Segment[] = [];
  collect(node, false, segments, source, scope);
  const expanded = expandTilde(segments, scope);
  if (!expanded) return UNKNOWN_FIELD;
  if (expanded.some((s) => s.kind === Seg.Unknown)) return partialField(expanded);
  let value = '';
  let pattern = '';
  for (const segment of expanded) {
    value += segment.text;
    pattern += patternText(segment);
  }
  return { value, glob: GLOB.test(pattern) };
}

/**
 * A word with unknown parts: one field (an unknown unquoted expansion is taken as one word, not split), whose known
 * text is kept with UNKNOWN_PART in place of each unknown part.
 */
function partialField(segments: readonly Segment[]): Field {
  let partial = '';
  let pattern = '';
  for (const segment of segments) {
    partial += segment.kind === Seg.Unknown ? UNKNOWN_PART : segment.text;
    pattern += segment.kind === Seg.Unknown ? '\0' : patternText(segment);
  }
  return { value: undefined, glob: GLOB.test(pattern), partial };
}

/** The segment as the glob matcher sees it: quoted characters cannot be glob characters. */
function patternText(segment: Segment): string {
  return segment.kind === Seg.Quoted ? '\0'.repeat(segment.text.length) : segment.text;
}

function collect(node: Node, quoted: boolean, out: Segment[], source: ScriptSource, scope: WordScope): void {
  const text = source.text;
  switch (node.type) {
    case 'word':
    case 'extglob_pattern':
    case 'brace_expression': {
      const raw = text.slice(node.startIndex, node.endIndex);
      if (quoted) out.push({ kind: Seg.Quoted, text: unescapeDoubleQuoted(raw) });
      else pushUnquoted(raw, out);
      return;
    }
    case 'variable_name':
      out.push({ kind: quoted ? Seg.Quoted : Seg.Literal, text: text.slice(node.startIndex, node.endIndex) });
      return;
    case 'number':
      out.push(node.childCount > 0 ? UNKNOWN : { kind: quoted ? Seg.Quoted : Seg.Literal, text: text.slice(node.startIndex, node.endIndex) });
      return;
    case 'raw_string':
      out.push({ kind: Seg.Quoted, text: text.slice(node.startIndex + 1, node.endIndex - 1) });
      return;
    case 'ansi_c_string': {
      const decoded = decodeAnsiC(text.slice(node.startIndex + 2, node.endIndex - 1));
      out.push(decoded === undefined ? UNKNOWN : { kind: Seg.Quoted, text: decoded });
      return;
    }
    case 'string':
      collectDoubleQuoted(node, out, source, scope);
      return;
    case 'translated_string':
    case 'concatenation': {
      let pos = node.startIndex;
      for (const child of childrenOf(node)) {
        if (child.startIndex > pos) pushGap(text.slice(pos, child.startIndex), quoted, out);
        if (child.isNamed) collect(child, quoted, out, source, scope);
        else if (child.type !== '$') pushGap(text.slice(child.startIndex, child.endIndex), quoted, out);
        pos = child.endIndex;
      }
      return;
    }
    case 'simple_expansion': {
      const name = node.firstNamedChild;
      const value = name?.type === 'variable_name' ? lookupVariable(text.slice(name.startIndex, name.endIndex), scope) : undefined;
      out.push(value === undefined ? UNKNOWN : { kind: quoted ? Seg.Quoted : Seg.Split, text: value });
      return;
    }
    case 'expansion':
      collectExpansion(node, quoted, out, source, scope);
      return;
    default:
      out.push(UNKNOWN);
  }
}

function pushGap(raw: string, quoted: boolean, out: Segment[]): void {
  if (quoted) out.push({ kind: Seg.Quoted, text: unescapeDoubleQuoted(raw) });
  else pushUnquoted(raw, out);
}

/** Unquoted text: a backslash quotes the next character, and backslash-newline disappears. */
function pushUnquoted(raw: string, out: Segment[]): void {
  let start = 0;
  for (let i = raw.indexOf('\\'); i >= 0 && i < raw.length; i = raw.indexOf('\\', start)) {
    if (i > start) out.push({ kind: Seg.Literal, text: raw.slice(start, i) });
    const next = raw.charAt(i + 1);
    if (next !== '\n' && next !== '') out.push({ kind: Seg.Quoted, text: next });
    start = i + 2;
  }
  if (start < raw.length) out.push({ kind: Seg.Literal, text: raw.slice(start) });
}

/** Inside double quotes a backslash only escapes `$`, a backtick, `"`, `\` and a newline. */
function unescapeDoubleQuoted(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}

function collectDoubleQuoted(node: Node, out: Segment[], source: ScriptSource, scope: WordScope): void {
  const text = source.text;
  const end = text[node.endIndex - 1] === '"' && node.endIndex - node.startIndex >= 2 ? node.endIndex - 1 : node.endIndex;
  let pos = node.startIndex + 1;
  for (const child of namedChildrenOf(node)) {
    if (child.startIndex > pos) out.push({ kind: Seg.Quoted, text: unescapeDoubleQuoted(text.slice(pos, child.startIndex)) });
    if (child.type === 'string_content') out.push({ kind: Seg.Quoted, text: unescapeDoubleQuoted(text.slice(child.startIndex, child.endIndex)) });
    else collect(child, true, out, source, scope);
    pos = child.endIndex;
  }
  if (end > pos) out.push({ kind: Seg.Quoted, text: unescapeDoubleQuoted(text.slice(pos, end)) });
  else out.push({ kind: Seg.Quoted, text: '' });
}

function lookupVariable(name: string, scope: WordScope): string | undefined {
  return scope.lookup(name);
}

const DEFAULT_OPERATORS = new Set([':-', '-', ':=', '=', ':+', '+', ':?', '?']);

/** `${NAME}` and the default/alternative forms; any other parameter expansion is unknown. */
function collectExpansion(node: Node, quoted: boolean, out: Segment[], source: ScriptSource, scope: WordScope): void {
  const text = source.text;
  const children = childrenOf(node);
  const nameNode = children[1];
  if (nameNode?.type !== 'variable_name') {
    out.push(UNKNOWN);
    return;
  }
  const name = text.slice(nameNode.startIndex, nameNode.endIndex);
  const value = lookupVariable(name, scope);
  const operatorNode = children[2];
  if (operatorNode?.type === '}') {
    out.push(value === undefined ? UNKNOWN : { kind: quoted ? Seg.Quoted : Seg.Split, text: value });
    return;
  }
  const operator = operatorNode?.type ?? '';
  const unset = value === undefined && (scope.isUnset?.(name) ?? false);
  if (!DEFAULT_OPERATORS.has(operator) || (value === undefined && !unset) || (unset && operator.endsWith('?'))) {
    out.push(UNKNOWN);
    return;
  }
  const colon = operator.startsWith(':');
  const isSet = !unset && (colon ? value !== '' : true);
  const alternative = operator.endsWith('+');
  const useWord = alternative ? isSet : !isSet;
  if (!useWord) {
    if (!alternative) out.push({ kind: quoted ? Seg.Quoted : Seg.Split, text: value ?? '' });
    return;
  }
  const word: Segment[] = [];
  let pos = operatorNode?.endIndex ?? node.endIndex;
  const close = node.endIndex - 1;
  for (const child of children.slice(3)) {
    if (child.startIndex >= close) break;
    if (child.startIndex > pos) pushGap(text.slice(pos, child.startIndex), quoted, word);
    collect(child, quoted, word, source, scope);
    pos = child.endIndex;
  }
  if (close > pos) pushGap(text.slice(pos, close), quoted, word);
  // The operand of ${...} is not brace-expanded; unquoted, its value is still split and globbed.
  for (const segment of word) out.push(segment.kind === Seg.Literal ? { kind: Seg.Split, text: segment.text } : segment);
  if (operator.endsWith('=')) {
    const assigned = word.every((s) => s.kind !== Seg.Unknown) ? word.map((s) => s.text).join('') : undefined;
    scope.assign(name, assigned);
  }
}

const ANSI_C: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** `$'...'` escapes; undefined for the rare ones not decoded here (`\c`, `\u`). */
function decodeAnsiC(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw.charAt(++i);
    const simple = ANSI_C[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(raw.slice(i));
    const hex = e === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 1)) : null;
    if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length - 1;
    } else if (hex) {
      out += String.fromCharCode(parseInt(hex[0], 16));
      i += hex[0].length;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Brace expansion over the word's segments; undefined when it would produce too many words. */
function expandBraces(segments: readonly Segment[]): Segment[][] | undefined {
  if (segments.reduce((length, s) => length + s.text.length, 0) > MAX_BRACE_WORD) return undefined;
  const items: Segment[] = [];
  for (const segment of segments) {
    if (segment.kind === Seg.Literal) for (const c of segment.text) items.push({ kind: Seg.Literal, text: c });
    else items.push(segment);
  }
  const results: Segment[][] = [];
  const pending: Segment[][] = [items];
  while (pending.length > 0) {
    const current = pending.pop() ?? [];
    const alternatives = firstBraceAlternatives(current);
    if (!alternatives) results.push(current);
    else pending.push(...alternatives.reverse());
    if (results.length + pending.length > MAX_BRACE_RESULTS) return undefined;
  }
  return results;
}

function isLiteral(segment: Segment | undefined, c: string): boolean {
  return segment?.kind === Seg.Literal && segment.text === c;
}

/** The words the first expandable `{...}` of `items` gives, each still holding any later braces. */
function firstBraceAlternatives(items: readonly Segment[]): Segment[][] | undefined {
  for (let open = 0; open < items.length; open++) {
    if (!isLiteral(items[open], '{') || isLiteral(items[open - 1], '$')) continue;
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let i = open; i < items.length; i++) {
      if (isLiteral(items[i], '{')) depth++;
      else if (isLiteral(items[i], '}') && --depth === 0) {
        close = i;
        break;
      } else if (depth === 1 && isLiteral(items[i], ',')) commas.push(i);
    }
    if (close < 0) return undefined;
    const prefix = items.slice(0, open);
    const suffix = items.slice(close + 1);
    if (commas.length > 0) {
      const bounds = [open, ...commas, close];
      const words: Segment[][] = [];
      for (let k = 0; k + 1 < bounds.length; k++) words.push([...prefix, ...items.slice((bounds[k] ?? 0) + 1, bounds[k + 1]), ...suffix]);
      return words;
    }
    const inner = items.slice(open + 1, close);
    const sequence = inner.every((s) => s.kind === Seg.Literal) ? braceSequence(inner.map((s) => s.text).join('')) : undefined;
    if (sequence) return sequence.map((text) => [...prefix, { kind: Seg.Quoted, text }, ...suffix]);
  }
  return undefined;
}

/** `{1..3}`, `{01..10..2}`, `{a..e}`; undefined when not a sequence or too long. */
function braceSequence(inner: string): string[] | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner);
  const alpha = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(inner);
  let from: number;
  let to: number;
  let step = 1;
  if (numeric) {
    from = Number(numeric[1]);
    to = Number(numeric[2]);
    step = Math.abs(Number(numeric[3] ?? 1)) || 1;
  } else if (alpha) {
    from = (alpha[1] ?? 'a').charCodeAt(0);
    to = (alpha[2] ?? 'a').charCodeAt(0);
  } else {
    return undefined;
  }
  if (Math.abs(to - from) / step >= MAX_BRACE_RESULTS) return undefined;
  const width = numeric && /^-?0\d/.test(numeric[1] ?? '') ? (numeric[1] ?? '').length : 0;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    out.push(alpha ? String.fromCharCode(v) : String(v).padStart(width, '0'));
  }
  return out;
}

/** `~` and `~/...` need a known HOME; `~user` is unknown. */
function expandTilde(segments: readonly Segment[], scope: WordScope): readonly Segment[] | undefined {
  const first = segments[0];
  if (first?.kind !== Seg.Literal || !first.text.startsWith('~')) return segments;
  const slash = first.text.indexOf('/');
  const prefix = slash < 0 ? first.text : first.text.slice(0, slash);
  if (prefix !== '~' || (slash < 0 && segments.length > 1 && segments[1]?.kind !== Seg.Literal)) return undefined;
  const home = scope.lookup('HOME');
  if (home === undefined) return undefined;
  return [{ kind: Seg.Quoted, text: home }, { kind: Seg.Literal, text: first.text.slice(1) }, ...segments.slice(1)];
}

function splitFields(segments: readonly Segment[]): Field[] {
  if (segments.some((s) => s.kind === Seg.Unknown)) return [partialField(segments)];
  const fields: Field[] = [];
  let value = '';
  let pattern = '';
  let started = false;
  for (const segment of segments) {
    if (segment.kind !== Seg.Split) {
      value += segment.text;
      pattern += patternText(segment);
      started = true;
      continue;
    }
    const pieces = segment.text.split(/[ \t\n]+/);
    pieces.forEach((piece, index) => {
      if (index > 0 && started) {
        fields.push({ value, glob: GLOB.test(pattern) });
        value = '';
        pattern = '';
        started = false;
      }
      if (piece !== '') {
        value += piece;
        pattern += piece;
        started = true;
      }
    });
  }
  if (started) fields.push({ value, glob: GLOB.test(pattern) });
  return fields;
}

/**
 * The script a literal word holds (`sh -c 'touch /x'`), with each character at its place in the Dockerfile;
 * undefined when the word has expansions, whose values have no character-exact origin.
 */
export function wordScript(node: Node, source: ScriptSource): ScriptSource | undefined {
  const out = new ScriptBuilder(node.endIndex - node.startIndex);
  if (!appendLiteral(node, source, out)) return undefined;
  return out.build(source.rangeOf(node.startIndex, node.endIndex).end);
}

function appendLiteral(node: Node, source: ScriptSource, out: ScriptBuilder): boolean {
  const text = source.text;
  switch (node.type) {
    case 'raw_string':
      out.appendFrom(source, node.startIndex + 1, node.endIndex - 1);
      return true;
    case 'word':
      appendUnescaped(source, node.startIndex, node.endIndex, /[^]/, out);
      return true;
    case 'string':
      if (namedChildrenOf(node).some((c) => c.type !== 'string_content')) return false;
      appendUnescaped(source, node.startIndex + 1, text[node.endIndex - 1] === '"' ? node.endIndex - 1 : node.endIndex, /[$`"\\\n]/, out);
      return true;
    case 'concatenation':
      return childrenOf(node).every((child) => appendLiteral(child, source, out));
    default:
      return false;
  }
}

/** Copies [from, to) of `source`, removing backslashes before characters matching `escapable`. */
function appendUnescaped(source: ScriptSource, from: number, to: number, escapable: RegExp, out: ScriptBuilder): void {
  const text = source.text;
  let pos = from;
  while (pos < to) {
    const slash = text.indexOf('\\', pos);
    if (slash < 0 || slash >= to) {
      out.appendFrom(source, pos, to);
      return;
    }
    out.appendFrom(source, pos, slash);
    const next = text.charAt(slash + 1);
    if (slash + 1 < to && escapable.test(next)) {
      if (next !== '\n') out.appendFrom(source, slash, slash + 2, next);
      pos = slash + 2;
    } else {
      out.appendFrom(source, slash, slash + 1);
      pos = slash + 1;
    }
  }
}
