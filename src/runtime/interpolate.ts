/*
 * `${VAR}` interpolation as the Compose Specification defines it (compose-spec "Interpolation"): `$VAR`,
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`,
 * nested expressions in the default, and `$$` for a literal `$`. Values come from the project's `.env` only:
 * the shell environment of whoever runs the linter is not the one that will run Compose.
 */

/** Stands for the value of a variable nobody set: it never matches a path, a name or a colon. */
export const UNKNOWN_PART = '\u0000';

export type Variables = ReadonlyMap<string, string>;

export interface Interpolated {
  /** The text with every expansion done; unknown values appear as UNKNOWN_PART. */
  text: string;
  /** True when some part is unknown. */
  unknown: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(input: string, vars: Variables): Interpolated {
  const text = expand(input, 0, input.length, vars);
  return { text, unknown: text.includes(UNKNOWN_PART) };
}

/** The value, or undefined when any part of it is unknown. */
export function interpolateValue(input: string, vars: Variables): string | undefined {
  const { text, unknown } = interpolate(input, vars);
  return unknown ? undefined : text;
}

function expand(s: string, from: number, to: number, vars: Variables): string {
  let out = '';
  let i = from;
  while (i < to) {
    const c = s[i];
    if (c !== '$') {
      const next = s.indexOf('$', i);
      const stop = next < 0 || next > to ? to : next;
      out += s.slice(i, stop);
      i = stop;
      continue;
    }
    const n = s[i + 1];
    if (n === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (n === '{') {
      const close = matchingBrace(s, i + 2, to);
      if (close < 0) {
        // Compose rejects an unterminated expression; the value cannot be known.
        return out + UNKNOWN_PART;
      }
      out += braced(s, i + 2, close, vars);
      i = close + 1;
      continue;
    }
    const name = NAME.exec(s.slice(i + 1, to))?.[0];
    if (name) {
      out += vars.get(name) ?? UNKNOWN_PART;
      i += 1 + name.length;
      continue;
    }
    out += '$';
    i++;
  }
  return out;
}

/** The index of the `}` closing a `${` whose body starts at `from`, nested expressions included. */
function matchingBrace(s: string, from: number, to: number): number {
  let depth = 1;
  for (let i = from; i < to; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(s: string, from: number, to: number, vars: Variables): string {
  const body = s.slice(from, to);
  const name = NAME.exec(body)?.[0];
  if (!name) return UNKNOWN_PART;
  const value = vars.get(name);
  const rest = from + name.length;
  if (rest === to) return value ?? UNKNOWN_PART;
  const op2 = s.slice(rest, rest + 2);
  const op1 = s[rest];
  const arg = (len: number): string => expand(s, rest + len, to, vars);
  switch (op2) {
    case ':-':
      return value !== undefined && value !== '' ? value : arg(2);
    case ':?':
      return value !== undefined && value !== '' ? value : UNKNOWN_PART;
    case ':+':
      return value !== undefined && value !== '' ? arg(2) : '';
    default:
  }
  switch (op1) {
    case '-':
      return value ?? arg(1);
    case '?':
      return value ?? UNKNOWN_PART;
    case '+':
      return value !== undefined ? arg(1) : '';
    default:
      // Substring and other shell operators are not Compose's: an invalid expression.
      return UNKNOWN_PART;
  }
}
