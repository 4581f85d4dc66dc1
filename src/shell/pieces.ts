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

/** Character codes the scan reads. */
const TAB = 0x09;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const BANG = 0x21;
const DOUBLE_QUOTE = 0x22;
const HASH = 0x23;
const DOLLAR = 0x24;
const AMPERSAND = 0x26;
const QUOTE = 0x27;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const SEMICOLON = 0x3b;
const LESS = 0x3c;
const GREATER = 0x3e;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const BACKQUOTE = 0x60;
const OPEN_BRACE = 0x7b;
const BAR = 0x7c;
const CLOSE_BRACE = 0x7d;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === NEWLINE || c === CARRIAGE_RETURN;
}

/** Characters that end a word outside quotes. */
function isMeta(c: number): boolean {
  return isBlank(c) || c === SEMICOLON || c === AMPERSAND || c === BAR || c === OPEN_PAREN || c === CLOSE_PAREN || c === LESS || c === GREATER;
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

    if (top === DOUBLE_QUOTE) {
      if (c === BACKSLASH) i += 2;
      else if (c === DOUBLE_QUOTE) {
        open.pop();
        i++;
      } else if (c === BACKQUOTE) return undefined;
      else if (c === DOLLAR) i = openExpansion(text, i, open);
      else i++;
      continue;
    }

    // Quotes, escapes and expansions, at the top level as inside `$(...)` and `${...}`.
    if (c === BACKSLASH) {
      operand = true;
      continued = false;
      i += 2;
      continue;
    }
    if (c === QUOTE) {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      operand = true;
      continued = false;
      i = close + 1;
      continue;
    }
    if (c === DOUBLE_QUOTE) {
      open.push(DOUBLE_QUOTE);
      operand = true;
      continued = false;
      i++;
      continue;
    }
    if (c === DOLLAR) {
      if (text.charCodeAt(i + 1) === QUOTE) {
        const close = ansiQuoteEnd(text, i + 2);
        if (close < 0) return undefined;
        i = close;
      } else i = openExpansion(text, i, open);
      operand = true;
      continued = false;
      continue;
    }
    if (c === BACKQUOTE) return undefined;
    const wordStart = i === 0 || isMeta(text.charCodeAt(i - 1));
    if (c === HASH && wordStart) {
      if (open.length > 0) return undefined;
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === LESS && text.charCodeAt(i + 1) === LESS) return undefined;

    if (open.length > 0) {
      // Inside `$(...)` or `${...}`: only where it ends matters. A `case` could close a parenthesis of its own, and
      // braces inside `${...}` are read by rules of their own.
      if (c === OPEN_PAREN) open.push(CLOSE_PAREN);
      else if (c === OPEN_BRACE) {
        if (top !== CLOSE_PAREN) return undefined;
        open.push(CLOSE_BRACE);
      } else if (c === CLOSE_PAREN || c === CLOSE_BRACE) {
        if (top !== c) return undefined;
        open.pop();
      } else if (wordStart && !isMeta(c) && reservedAt(text, i)) return undefined;
      i++;
      continue;
    }

    // The top level.
    switch (c) {
      case AMPERSAND: {
        if (text.charCodeAt(i + 1) === AMPERSAND) {
          if (!operand || inTest) return undefined;
          cuts.push({ start: i, end: i + 2 });
          operand = false;
          continued = true;
          i += 2;
          continue;
        }
        // `>&`, `<&`, `&>`: a redirect; any other `&` runs a job in the background.
        const before = text.charCodeAt(i - 1);
        if (before !== GREATER && before !== LESS && text.charCodeAt(i + 1) !== GREATER) return undefined;
        i++;
        continue;
      }
      case BAR:
        if (!operand || inTest) return undefined;
        if (text.charCodeAt(i + 1) === BAR) {
          cuts.push({ start: i, end: i + 2 });
          i += 2;
        } else {
          // A pipe: the statement goes on.
          i += text.charCodeAt(i + 1) === AMPERSAND ? 2 : 1;
        }
        operand = false;
        continued = true;
        continue;
      case SEMICOLON:
        if (!operand || inTest || text.charCodeAt(i + 1) === SEMICOLON || text.charCodeAt(i + 1) === AMPERSAND) return undefined;
        cuts.push({ start: i, end: i + 1 });
        operand = false;
        i++;
        continue;
      case NEWLINE:
        if (inTest) return undefined;
        // After `&&`, `|` or a separator, a line break is blank space.
        if (operand) cuts.push({ start: i, end: i + 1 });
        operand = false;
        i++;
        continue;
      case OPEN_PAREN: {
        // `<(...)`, `>(...)` are words; any other parenthesis is a subshell, a function or an array.
        const before = text.charCodeAt(i - 1);
        if (before !== LESS && before !== GREATER) return undefined;
        open.push(CLOSE_PAREN);
        operand = true;
        continued = false;
        i++;
        continue;
      }
      case CLOSE_PAREN:
      case OPEN_BRACE:
      case CLOSE_BRACE:
        return undefined;
      default:
        break;
    }
    if (isBlank(c) || c === LESS || c === GREATER) {
      i++;
      continue;
    }
    if (wordStart) {
      if (reservedAt(text, i)) return undefined;
      if (c === BANG && isWord(text, i, 1)) {
        // `! cmd`: the command is still to come.
        i++;
        continue;
      }
      if (c === OPEN_BRACKET && isWord(text, i, 1)) inTest = true;
      else if (c === CLOSE_BRACKET && isWord(text, i, 1)) inTest = false;
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
  if (next === OPEN_PAREN) {
    open.push(CLOSE_PAREN);
    return i + 2;
  }
  if (next === OPEN_BRACE) {
    open.push(CLOSE_BRACE);
    return i + 2;
  }
  return i + 1;
}

/** The offset after the `'` that closes `$'...'` (backslash escapes inside), or -1. */
function ansiQuoteEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
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
