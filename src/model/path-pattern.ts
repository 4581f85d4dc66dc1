import { isStrictlyUnder, isUnderOrEqual, isWindowsPath, normalizePath, normalizeWindowsPath } from './paths.js';

/**
 * Stands for a part of a path whose value is not known, inside partially known text (`/data/$VERSION/cache` is
 * `/data/\uFFFF/cache`). A noncharacter: it never occurs in a real path.
 */
export const UNKNOWN_PART = '\uFFFF';

/**
 * What is known about a path a command or an instruction acts on: a known prefix, then an exact, glob or unknown tail.
 * The unknown parts are assumed not to climb out of the directory they sit in (`$X` is not `../etc`): that is what lets
 * the prefix of `/data/$X` prove that the path is inside `/data`.
 */
export interface PathPattern {
  /** The path itself (exact tail), or the directory the path lies in; undefined when nothing is known. */
  readonly prefix: string | undefined;
  /** exact: the path is `prefix`; glob: its matches lie strictly below `prefix`; unknown: it is `prefix` or below it. */
  readonly tail: 'exact' | 'glob' | 'unknown';
  /** Unknown tail only: something non-empty follows the prefix, so the path lies strictly below it. */
  readonly below: boolean;
  /** Glob tail only: the components after the prefix, each a glob pattern or a literal name. */
  readonly globs: readonly string[];
  /** The path as a finding names it, with `…` for each unknown part. */
  readonly text: string;
}

/** The globs of every pattern whose tail is not a glob: one shared empty list (a RUN can have 100,000 effects). */
const NO_GLOBS: readonly string[] = Object.freeze([]);

/** A path nothing is known about (a relative path in an unknown directory, `$DIR/x`). */
export const UNKNOWN_PATH: PathPattern = { prefix: undefined, tail: 'unknown', below: false, globs: NO_GLOBS, text: '…' };

const GLOB_CHARS = /[*?[]/;

/** An exact, normalised absolute path (or a Windows path, kept as written). */
export function exactPath(path: string): PathPattern {
  return { prefix: path, tail: 'exact', below: false, globs: NO_GLOBS, text: path };
}

/**
 * The pattern of `value` (text in which UNKNOWN_PART marks unknown parts; `glob` when it holds unquoted glob
 * characters) resolved against `cwd`, itself possibly with unknown parts (see `directoryOf`).
 */
export function pathPattern(value: string | undefined, glob: boolean, cwd: string | undefined): PathPattern {
  if (value === undefined || value === '' || value.startsWith(UNKNOWN_PART)) return UNKNOWN_PATH;
  // `-$FLAGS` is more likely an option than a file.
  if (value.startsWith('-') && value.includes(UNKNOWN_PART)) return UNKNOWN_PATH;
  let full: string;
  if (value.startsWith('/')) full = value;
  else if (cwd === undefined) return UNKNOWN_PATH;
  else full = cwd + '/' + value;
  if (!full.includes(UNKNOWN_PART) && !(glob && GLOB_CHARS.test(full))) return exactPath(normalizePath(full));

  const known: string[] = [];
  const parts = full.split('/');
  let i = 0;
  for (; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (part.includes(UNKNOWN_PART) || (glob && GLOB_CHARS.test(part))) break;
    if (part === '' || part === '.') continue;
    if (part === '..') known.pop();
    else known.push(part);
  }
  const rest = parts.slice(i).filter((p) => p !== '' && p !== '.');
  const ups = rest.filter((p) => p === '..').length;
  const unknown = rest.some((p) => p.includes(UNKNOWN_PART));
  if (ups > 0) {
    // `/data/$X/../y`: each `..` may climb over a known component once an unknown one may be empty.
    const kept = known.slice(0, Math.max(0, known.length - ups));
    return partial(kept, [], false);
  }
  if (!unknown) return { prefix: joinPath(known), tail: 'glob', below: true, globs: rest, text: show(joinPath([...known, ...rest])) };
  return partial(known, rest, rest.some((p) => p.replaceAll(UNKNOWN_PART, '') !== ''));
}

function partial(known: readonly string[], rest: readonly string[], below: boolean): PathPattern {
  const prefix = joinPath(known);
  const text = show(joinPath([...known, ...(rest.length > 0 ? rest : [UNKNOWN_PART])]));
  return { prefix, tail: 'unknown', below, globs: NO_GLOBS, text };
}

function joinPath(parts: readonly string[]): string {
  return '/' + parts.join('/');
}

function show(text: string): string {
  return text.replaceAll(UNKNOWN_PART, '…');
}

/**
 * A pattern as a working directory for the paths resolved against it: the exact path, or its known prefix followed by
 * an unknown part (`cd /data/sites/$SITE` leaves the shell somewhere at or below /data/sites).
 */
export function directoryOf(pattern: PathPattern): string | undefined {
  if (pattern.prefix === undefined) return undefined;
  return pattern.tail === 'exact' ? pattern.prefix : `${pattern.prefix === '/' ? '' : pattern.prefix}/${UNKNOWN_PART}`;
}

/** True when a working directory or value holds unknown parts. */
export function hasUnknownPart(text: string): boolean {
  return text.includes(UNKNOWN_PART);
}

/**
 * What an effect on a path does: `read` changes nothing, `write` puts content at the path, `create` makes it
 * (creating a volume's own directory, or touching it, changes nothing in it), `change` deletes or changes attributes,
 * reaching every entry below the path when `recursive`.
 */
export interface Reach {
  readonly kind: 'read' | 'write' | 'create' | 'change';
  readonly recursive: boolean;
}

/**
 * Whether acting on `pattern` changes what the image holds at `volume`: `yes` for sure, `maybe` when it depends on an
 * unknown part or on what a glob matches inside a directory the volume is not, `no` when it cannot. Only `yes` is ever
 * reported: precision first.
 */
export function reaches(pattern: PathPattern, volume: string, effect: Reach): 'yes' | 'maybe' | 'no' {
  const prefix = pattern.prefix;
  if (effect.kind === 'read') return 'no';
  if (prefix === undefined) return 'maybe';
  if (isWindowsPath(volume) || isWindowsPath(prefix)) {
    if (pattern.tail !== 'exact' || !isWindowsPath(volume) || !isWindowsPath(prefix)) return 'no';
    const v = normalizeWindowsPath(volume);
    const p = normalizeWindowsPath(prefix);
    return p === v || p.startsWith(v + '\\') ? 'yes' : 'no';
  }
  const reachesParent = effect.kind === 'change' && effect.recursive;
  switch (pattern.tail) {
    case 'exact':
      if (effect.kind === 'create') return isStrictlyUnder(prefix, volume) ? 'yes' : 'no';
      return isUnderOrEqual(prefix, volume) || (reachesParent && isStrictlyUnder(volume, prefix)) ? 'yes' : 'no';
    case 'unknown':
      if (isStrictlyUnder(prefix, volume)) return 'yes';
      if (prefix === volume) return effect.kind !== 'create' || pattern.below ? 'yes' : 'maybe';
      return isStrictlyUnder(volume, prefix) ? 'maybe' : 'no';
    case 'glob': {
      if (isUnderOrEqual(prefix, volume)) return 'yes';
      if (!isStrictlyUnder(volume, prefix)) return 'no';
      const names = volume.slice(prefix === '/' ? 1 : prefix.length + 1).split('/');
      const shared = Math.min(names.length, pattern.globs.length);
      for (let k = 0; k < shared; k++) {
        if (!globMatches(pattern.globs[k] ?? '', names[k] ?? '')) return 'no';
      }
      // The volume's directory and its parents exist (the VOLUME line made them), so a glob naming them matches them.
      if (pattern.globs.length > names.length) return 'yes';
      if (pattern.globs.length === names.length) return effect.kind === 'create' ? 'no' : 'yes';
      return reachesParent ? 'yes' : 'no';
    }
  }
}

const globCache = new Map<string, RegExp>();

/** Shell pattern matching of one path component; a leading dot must be matched by a literal dot. */
export function globMatches(glob: string, name: string): boolean {
  if (!GLOB_CHARS.test(glob)) return glob === name;
  if (name.startsWith('.') && !glob.startsWith('.')) return false;
  let regex = globCache.get(glob);
  if (!regex) {
    regex = new RegExp(`^${globSource(glob)}$`, 's');
    if (globCache.size < 1024) globCache.set(glob, regex);
  }
  return regex.test(name);
}

function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
