/** POSIX path helpers for paths inside an image (never the host's path module: the linter may run on Windows). */

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;

export function isWindowsPath(p: string): boolean {
  // Asked for every volume in scope at every RUN: a colon second is rare enough to answer most paths without the regex.
  return p.charCodeAt(1) === 0x3a && WINDOWS_ABSOLUTE.test(p);
}

/** Folds `.`, `..`, repeated and trailing slashes of an absolute POSIX path. */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** Resolves `p` against `cwd`; undefined when `p` is empty, or relative and `cwd` unknown: the caller must not guess. */
export function resolvePath(p: string, cwd: string | undefined): string | undefined {
  if (p === '') return undefined;
  if (p.startsWith('/')) return normalizePath(p);
  if (cwd === undefined) return undefined;
  return normalizePath(cwd + '/' + p);
}

/** True when `p` is `dir` or lies below it (both normalised). */
export function isUnderOrEqual(p: string, dir: string): boolean {
  if (p === dir) return true;
  if (dir === '/') return true;
  return p.startsWith(dir) && p.charCodeAt(dir.length) === 47;
}

export function isStrictlyUnder(p: string, dir: string): boolean {
  return p !== dir && isUnderOrEqual(p, dir);
}

/** Last component of a path as written, ignoring trailing slashes; undefined for `/` or an empty string. */
export function baseName(p: string): string | undefined {
  const trimmed = p.replace(/\/+$/, '');
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return name === '' ? undefined : name;
}

/** Pseudo file systems: writing there never changes the image. */
export function isVirtualPath(p: string): boolean {
  return isUnderOrEqual(p, '/dev') || isUnderOrEqual(p, '/proc') || isUnderOrEqual(p, '/sys');
}

/** Windows volume paths compare case-insensitively with either slash. */
export function normalizeWindowsPath(p: string): string {
  return p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}
