import type { Offsets } from '../text/line-index.js';

/*
 * A long script is parsed a piece at a time: a tree-sitter tree costs ~20 bytes of WebAssembly memory per byte of
 * script, and that memory never shrinks: a 2.5 MB RUN grew it by 43 MB. A piece is a run of whole top-level
 * statements, cut where the shell itself separates them (`&&`, `||`, `;`, a line break), so each piece parses to the
 * very statements the whole script parses to, and is walked in order with the same state.
 *
 * The scan is conservative: it cuts only scripts made of simple commands, pipelines, redirects, quotes and
 * `$(...)`/`${...}`/`$((...))`/`<(...)` words. Anything else (compound commands, functions, subshells, brace
 * groups, heredocs, backquotes, `case`, background jobs, an empty operand) leaves the script whole, as it is
 * parsed today: a function defined in one piece and called in another would outlive its tree.
 */

/** Words that open or close a compound command, or define a function: their script is not cut. */
const RESERVED = /(?:if|then|else|elif|fi|case|esac|for|select|while|until|do|done|function|coproc|\[\[|\]\])(?=[\s;&|()<>]|$)/y;

const enum C {
  Tab = 0x09,
  Newline = 0x0a,
  CarriageReturn = 0x0d,
  Space = 0x20,
  Bang = 0x21,
  DoubleQuote = 0x22,
  Hash = 0x23,
  Dollar = 0x24,
  Ampersand = 0x26,
  Quote = 0x27,
  OpenParen = 0x28,
  CloseParen = 0x29,
  Semicolon = 0x3b,
  Less = 0x3c,
  Greater = 0x3e,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  Backquote = 0x60,
  OpenBrace = 0x7b,
  Bar = 0x7c,
  CloseBrace = 0x7d,
}

function isBlank(c: number): boolean {
  return c === C.Space || c === C.Tab || c === C.Newline || c === C.CarriageReturn;
}

/** Characters that end a word outside quotes. */
function isMeta(c: number): boolean {
  return isBlank(c) || c === C.Semicolon || c === C.Ampersand || c === C.Bar || c === C.OpenParen || c === C.CloseParen || c === C.Less || c === C.Greater;
}

/**
 * The pieces of `text`, each at least `minLength` long (but the last), or undefined when the script is shorter than
 * two pieces or the scan cannot prove where its top-level statements end.
 */
export function scriptPieces(text: string, minLength: number): Offsets[] | undefined {
  if (text.length < 2 * minLength) return undefined;
  const cuts = statementCuts(text);
  if (!cuts) return undefined;
  const pieces: Offsets[] = [];
  let start = 0;
  for (const cut of cuts) {
    if (cut.start - start < minLength) continue;
    pieces.push({ start, end: cut.start });
    start = cut.end;
  }
  if (pieces.length === 0) return undefined;
  pieces.push({ start, end: text.length });
  return pieces;
}

/**
 * The separators between top-level statements (the operator's own characters), or undefined when the script has
 * something the scan does not follow.
 */
export function statementCuts(text: string): Offsets[] | undefined {
  const cuts: Offsets[] = [];
  /** What closes each open `$(`, `${`, `"`, `{` (inside `$(`): `)`, `}`, `"`, `}`. */
  const open: number[] = [];
  /** A statement has started since the last separator: a separator with nothing before it is not cut. */
  let operand = false;
  /** A `&&`, `||` or `|` waits for its right operand (a line break does not end the statement there). */
  let continued = false;
  /** Inside `[ ... ]`: tree-sitter-bash may read `&&` there as part of the test. */
  let inTest = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const top = open[open.length - 1];

    if (top === C.DoubleQuote) {
      if (c === C.Backslash) i += 2;
      else if (c === C.DoubleQuote) {
        open.pop();
        i++;
      } else if (c === C.Backquote) return undefined;
      else if (c === C.Dollar) i = openExpansion(text, i, open);
      else i++;
      continue;
    }

    // Quotes, escapes and expansions, at the top level as inside `$(...)` and `${...}`.
    if (c === C.Backslash) {
      operand = true;
      continued = false;
      i += 2;
      continue;
    }
    if (c === C.Quote) {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      operand = true;
      continued = false;
      i = close + 1;
      continue;
    }
    if (c === C.DoubleQuote) {
      open.push(C.DoubleQuote);
      operand = true;
      continued = false;
      i++;
      continue;
    }
    if (c === C.Dollar) {
      if (text.charCodeAt(i + 1) === C.Quote) {
        const close = ansiQuoteEnd(text, i + 2);
        if (close < 0) return undefined;
        i = close;
      } else i = openExpansion(text, i, open);
      operand = true;
      continued = false;
      continue;
    }
    if (c === C.Backquote) return undefined;
    const wordStart = i === 0 || isMeta(text.charCodeAt(i - 1));
    if (c === C.Hash && wordStart) {
      if (open.length > 0) return undefined;
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === C.Less && text.charCodeAt(i + 1) === C.Less) return undefined;

    if (open.length > 0) {
      // Inside `$(...)` or `${...}`: only where it ends matters. A `case` could close a parenthesis of its own, and
      // braces inside `${...}` are read by rules of their own.
      if (c === C.OpenParen) open.push(C.CloseParen);
      else if (c === C.OpenBrace) {
        if (top !== C.CloseParen) return undefined;
        open.push(C.CloseBrace);
      } else if (c === C.CloseParen || c === C.CloseBrace) {
        if (top !== c) return undefined;
        open.pop();
      } else if (wordStart && !isMeta(c) && reservedAt(text, i)) return undefined;
      i++;
      continue;
    }

    // The top level.
    switch (c) {
      case C.Ampersand: {
        if (text.charCodeAt(i + 1) === C.Ampersand) {
          if (!operand || inTest) return undefined;
          cuts.push({ start: i, end: i + 2 });
          operand = false;
          continued = true;
          i += 2;
          continue;
        }
        // `>&`, `<&`, `&>`: a redirect; any other `&` runs a job in the background.
        const before = text.charCodeAt(i - 1);
        if (before !== C.Greater && before !== C.Less && text.charCodeAt(i + 1) !== C.Greater) return undefined;
        i++;
        continue;
      }
      case C.Bar:
        if (!operand || inTest) return undefined;
        if (text.charCodeAt(i + 1) === C.Bar) {
          cuts.push({ start: i, end: i + 2 });
          i += 2;
        } else {
          // A pipe: the statement goes on.
          i += text.charCodeAt(i + 1) === C.Ampersand ? 2 : 1;
        }
        operand = false;
        continued = true;
        continue;
      case C.Semicolon:
        if (!operand || inTest || text.charCodeAt(i + 1) === C.Semicolon || text.charCodeAt(i + 1) === C.Ampersand) return undefined;
        cuts.push({ start: i, end: i + 1 });
        operand = false;
        i++;
        continue;
      case C.Newline:
        if (inTest) return undefined;
        // After `&&`, `|` or a separator, a line break is blank space.
        if (operand) cuts.push({ start: i, end: i + 1 });
        operand = false;
        i++;
        continue;
      case C.OpenParen: {
        // `<(...)`, `>(...)` are words; any other parenthesis is a subshell, a function or an array.
        const before = text.charCodeAt(i - 1);
        if (before !== C.Less && before !== C.Greater) return undefined;
        open.push(C.CloseParen);
        operand = true;
        continued = false;
        i++;
        continue;
      }
      case C.CloseParen:
      case C.OpenBrace:
      case C.CloseBrace:
        return undefined;
      default:
        break;
    }
    if (isBlank(c) || c === C.Less || c === C.Greater) {
      i++;
      continue;
    }
    if (wordStart) {
      if (reservedAt(text, i)) return undefined;
      if (c === C.Bang && isWord(text, i, 1)) {
        // `! cmd`: the command is still to come.
        i++;
        continue;
      }
      if (c === C.OpenBracket && isWord(text, i, 1)) inTest = true;
      else if (c === C.CloseBracket && isWord(text, i, 1)) inTest = false;
    }
    operand = true;
    continued = false;
    i++;
  }
  // An open quote or group, or an operator with nothing after it: left whole, for the parser to report.
  if (open.length > 0 || inTest || continued) return undefined;
  return cuts;
}

/** `$(`, `$((`, `${`: opens the group (the caller's loop closes it); a bare `$` is a character of a word. */
function openExpansion(text: string, i: number, open: number[]): number {
  const next = text.charCodeAt(i + 1);
  if (next === C.OpenParen) {
    open.push(C.CloseParen);
    return i + 2;
  }
  if (next === C.OpenBrace) {
    open.push(C.CloseBrace);
    return i + 2;
  }
  return i + 1;
}

/** The offset after the `'` that closes `$'...'` (backslash escapes inside), or -1. */
function ansiQuoteEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C.Backslash) i++;
    else if (c === C.Quote) return i + 1;
  }
  return -1;
}

function reservedAt(text: string, i: number): boolean {
  RESERVED.lastIndex = i;
  return RESERVED.test(text);
}

/** True when the `length` characters at `i` are a word of their own. */
function isWord(text: string, i: number, length: number): boolean {
  const after = i + length;
  return after >= text.length || isMeta(text.charCodeAt(after));
}
