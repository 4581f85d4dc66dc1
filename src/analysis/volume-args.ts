import { isJsonStringArray } from '../model/json-form.js';
import { isWindowsPath } from '../model/paths.js';
import type { Word } from '../model/types.js';
import type { Offsets } from '../text/line-index.js';

/**
 * How a VOLUME argument assumes a bind mount (docs/volume-semantics.md section 2): `host:container[:mode]`
 * (or `name:container`), a home-relative `~` path, or a `./`, `../` path relative to the build context.
 */
export type HostPathShape =
  | { kind: 'pair'; /** The container side, when it is a plain absolute path. */ container: string | undefined }
  | { kind: 'home' }
  | { kind: 'dot' };

/** `docker run -v` mode suffixes: `/data:ro` is a mount option, not a path. */
const MOUNT_MODES = /^(ro|rw|z|Z|cached|delegated|consistent|nocopy|shared|slave|private|rshared|rslave|rprivate)(,[A-Za-z]+)*$/;

/**
 * The argument as the builder sees it; an unknown variable becomes a placeholder so that its shape still shows
 * (a word, never a single letter, which would pass for a Windows drive).
 */
export function argumentText(word: Word): string {
  return word.value ?? word.raw.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, 'var').replace(/["']/g, '');
}

/** Splits on `:` except a Windows drive colon (`C:\data`, `c:/data`), which starts an absolute path. */
function splitColons(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ':') continue;
    const isDrive = i === start + 1 && /[A-Za-z]/.test(text[i - 1] ?? '') && (i + 1 === text.length || text[i + 1] === '\\' || text[i + 1] === '/');
    if (isDrive) continue;
    parts.push(text.slice(start, i));
    start = i + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || isWindowsPath(p);
}

export function hostPathShape(text: string): HostPathShape | undefined {
  const parts = splitColons(text);
  const [first = '', second = ''] = parts;
  // The pair comes first: `./html:/usr/share/html` is a `docker run -v` argument more than a relative path.
  if (parts.length >= 2) {
    if (isAbsolute(second)) return { kind: 'pair', container: second };
    // `/data:ro`: the path is there, the mode belongs to `docker run -v`.
    if (isAbsolute(first) && MOUNT_MODES.test(parts.slice(1).join(':'))) return { kind: 'pair', container: first };
    return { kind: 'pair', container: undefined };
  }
  if (text.startsWith('~')) return { kind: 'home' };
  if (/^\.\.?([\\/]|$)/.test(text)) return { kind: 'dot' };
  return undefined;
}

/**
 * A shell-form VOLUME read the way its author probably meant it. A Dockerfile has no trailing comments, so a
 * word starting with `#` begins what was meant as one: every word from there on becomes a volume name.
 */
export interface ShellFormVolume {
  /** Words before a `#` word. */
  meant: Word[];
  /** The `#` word and those after it on the same line; undefined when there is none. */
  comment: { words: Word[]; range: Offsets } | undefined;
  /** Words after the comment on later lines (a continuation joined them to the comment). */
  afterComment: Word[];
}

export function readShellFormVolume(args: readonly Word[], text: string): ShellFormVolume {
  const at = args.findIndex((w) => w.raw.startsWith('#'));
  if (at < 0) return { meant: [...args], comment: undefined, afterComment: [] };
  const first = args[at] as Word;
  const lineEnd = endOfLine(text, first.range.start);
  const rest = args.slice(at);
  const words = rest.filter((w) => w.range.start < lineEnd);
  const last = words.at(-1) ?? first;
  return {
    meant: args.slice(0, at),
    comment: { words, range: { start: first.range.start, end: last.range.end } },
    afterComment: rest.filter((w) => w.range.start >= lineEnd),
  };
}

export function endOfLine(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The words' span in the text, from the first word's start to the last word's end. */
export function spanOf(words: readonly Word[]): Offsets | undefined {
  const first = words[0];
  const last = words.at(-1);
  return first && last ? { start: first.range.start, end: last.range.end } : undefined;
}

/**
 * Rewrites a would-be JSON array whose strings use single quotes with double quotes; undefined when the result
 * would still not be a JSON array of strings (then there is no safe rewrite).
 */
export function doubleQuoted(source: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '"') {
      const end = closingDoubleQuote(source, i + 1);
      if (end < 0) return undefined;
      out += source.slice(i, end + 1);
      i = end + 1;
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += '"' + source.slice(i + 1, end).replace(/"/g, '\\"') + '"';
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return isJsonStringArray(out) ? out : undefined;
}

function closingDoubleQuote(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}
