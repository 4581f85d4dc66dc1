import type { Offsets } from '../text/line-index.js';
import { lookupVariable } from './environment.js';
import type { Environment } from './types.js';

/**
 * Splits the text of a shell-form instruction into words the way the builder does: whitespace outside quotes
 * separates words, an escape character before a newline joins lines, and comment lines inside a continued
 * instruction are dropped.
 */
export function splitWords(text: string, start: number, end: number, escapeChar: string): { raw: string; range: Offsets }[] {
  const words: { raw: string; range: Offsets }[] = [];
  eachWord(text, start, end, escapeChar, (raw, wordStart, wordEnd) => {
    words.push({ raw, range: { start: wordStart, end: wordEnd } });
  });
  return words;
}

/**
 * Where the words of a shell-form instruction start and end (the first word's start, the last word's end), without
 * keeping them: a 2.5 MB RUN has some 360,000. Undefined when it has none.
 */
export function wordsSpan(text: string, start: number, end: number, escapeChar: string): Offsets | undefined {
  let first = -1;
  let last = -1;
  eachWord(text, start, end, escapeChar, (_raw, wordStart, wordEnd) => {
    if (first < 0) first = wordStart;
    last = wordEnd;
  });
  return first < 0 ? undefined : { start: first, end: last };
}

/** Hands each word of `splitWords` to `onWord`, in order. */
function eachWord(text: string, start: number, end: number, escapeChar: string, onWord: (raw: string, start: number, end: number) => void): void {
  const escape = escapeChar.charCodeAt(0);
  // A word is the text between wordStart and wordEnd less the continuations and comment lines inside it: its raw
  // text is built from slices of contiguous text (segStart..segEnd), not character by character.
  let raw = '';
  let wordStart = -1;
  let wordEnd = -1;
  let segStart = -1;
  let segEnd = -1;
  let quote = 0;
  let atLineStart = false;
  let i = start;
  const take = (from: number, to: number): void => {
    if (wordStart < 0) wordStart = from;
    if (segEnd !== from) {
      if (segStart >= 0) raw += text.slice(segStart, segEnd);
      segStart = from;
    }
    segEnd = to;
    wordEnd = to;
  };
  const flush = (): void => {
    if (wordStart >= 0) {
      if (segStart >= 0) raw += text.slice(segStart, segEnd);
      onWord(raw, wordStart, wordEnd);
    }
    raw = '';
    wordStart = -1;
    segStart = -1;
    segEnd = -1;
  };
  while (i < end) {
    if (atLineStart) {
      let j = i;
      while (j < end && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
      const first = text.charCodeAt(j);
      if (first === HASH) {
        while (j < end && text.charCodeAt(j) !== LF && text.charCodeAt(j) !== CR) j++;
        i = skipNewline(text, j);
        continue;
      }
      if (first === LF || first === CR) {
        i = skipNewline(text, j);
        continue;
      }
      atLineStart = false;
    }
    const c = text.charCodeAt(i);
    if (c === escape) {
      const after = continuationEnd(text, i + 1, end);
      if (after !== undefined) {
        i = after;
        atLineStart = true;
        continue;
      }
      if (quote === SQUOTE) {
        take(i, i + 1);
        i++;
        continue;
      }
      // The escape and the character it escapes, if the instruction has one.
      const escaped = Math.min(i + 2, end);
      take(i, escaped);
      i = escaped;
      continue;
    }
    if (quote !== 0) {
      if (c === quote) quote = 0;
      take(i, i + 1);
      i++;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      quote = c;
      take(i, i + 1);
      i++;
      continue;
    }
    if (c === SPACE || c === TAB || c === LF || c === CR) {
      flush();
      if (c === LF || c === CR) atLineStart = true;
      i++;
      continue;
    }
    take(i, i + 1);
    i++;
  }
  flush();
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** If an escape char at `i - 1` starts a line continuation, the offset after the newline. */
function continuationEnd(text: string, i: number, end: number): number | undefined {
  let j = i;
  while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
  if (j >= end) return j === i ? undefined : end;
  if (text[j] === '\n' || text[j] === '\r') return skipNewline(text, j);
  return undefined;
}

function skipNewline(text: string, j: number): number {
  if (text[j] === '\r' && text[j + 1] === '\n') return j + 2;
  if (text[j] === '\n' || text[j] === '\r') return j + 1;
  return j;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Expands a word as the builder does for ENV, ARG, WORKDIR, VOLUME, COPY and FROM: quotes are removed, the
 * escape character escapes the next character, `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+v}`, `${X+v}` are
 * substituted. Returns undefined when any variable used has no known value. (A RUN's shell words are expanded by the
 * shell analysis, src/shell/words.ts, into fields.)
 */
export function expandDockerfileWord(raw: string, env: Environment, escapeChar: string, quotes = true): string | undefined {
  if (!raw.includes('$') && !quotes) return raw;
  let out = '';
  let quote: string | undefined;
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
      i++;
      continue;
    }
    if (c === '$') {
      const sub = expandVariable(raw, i + 1, env, escapeChar);
      if (sub !== null) {
        if (sub.value === undefined) return undefined;
        out += sub.value;
        i = sub.next;
        continue;
      }
    }
    // JSON-form strings are already decoded: only variables are substituted.
    if (!quotes) {
      out += c;
      i++;
      continue;
    }
    if (c === escapeChar && i + 1 < raw.length) {
      const next = raw[i + 1] ?? '';
      // Inside double quotes the escape only escapes what would otherwise be special.
      if (quote === '"' && next !== '"' && next !== '$' && next !== escapeChar) out += c;
      out += next;
      i += 2;
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? undefined : '"';
      i++;
      continue;
    }
    if (c === "'" && quote === undefined) {
      quote = "'";
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Parses a variable reference after `$`; null when `$` is literal, value undefined when unknown. */
function expandVariable(
  raw: string,
  at: number,
  env: Environment,
  escapeChar: string,
): { value: string | undefined; next: number } | null {
  if (raw[at] === '{') {
    NAME.lastIndex = at + 1;
    const m = NAME.exec(raw);
    if (!m) return { value: undefined, next: raw.length };
    const name = m[0];
    let j = at + 1 + name.length;
    if (raw[j] === '}') return { value: lookup(env, name), next: j + 1 };
    let colon = false;
    if (raw[j] === ':') {
      colon = true;
      j++;
    }
    const op = raw[j];
    if (op !== '-' && op !== '+') return { value: undefined, next: closingBrace(raw, j) };
    const close = closingBrace(raw, j + 1);
    const operand = raw.slice(j + 1, close - 1);
    const known = lookupVariable(env, name);
    if (known.state === 'unknown') return { value: undefined, next: close };
    if (known.state === 'set' && known.value === undefined) return { value: undefined, next: close };
    const current = known.state === 'set' ? known.value : undefined;
    const present = current !== undefined && (!colon || current !== '');
    if (op === '-') return { value: present ? current : expandDockerfileWord(operand, env, escapeChar), next: close };
    return { value: present ? expandDockerfileWord(operand, env, escapeChar) : '', next: close };
  }
  NAME.lastIndex = at;
  const m = NAME.exec(raw);
  if (!m) return null;
  return { value: lookup(env, m[0]), next: at + m[0].length };
}

/** `$X`: its value, empty when known unset, undefined when unknown. */
function lookup(env: Environment, name: string): string | undefined {
  const known = lookupVariable(env, name);
  return known.state === 'set' ? known.value : known.state === 'unset' ? '' : undefined;
}

function closingBrace(raw: string, from: number): number {
  let depth = 1;
  for (let k = from; k < raw.length; k++) {
    if (raw[k] === '{') depth++;
    else if (raw[k] === '}' && --depth === 0) return k + 1;
  }
  return raw.length;
}
