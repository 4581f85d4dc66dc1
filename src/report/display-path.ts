import path from 'node:path';

/**
 * Path segments of `filePath` below `cwd`, or undefined when the file is outside it: CI systems resolve
 * report paths against the checkout, so only paths inside it can be written relative.
 */
export function segmentsUnder(filePath: string, cwd: string): string[] | undefined {
  const relative = path.relative(cwd, path.resolve(cwd, filePath));
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep);
}

/** The path reports show: relative to `cwd` when under it, else absolute; always with forward slashes. */
export function displayPath(filePath: string, cwd: string): string {
  const segments = segmentsUnder(filePath, cwd);
  return segments ? segments.join('/') : path.resolve(cwd, filePath).split(path.sep).join('/');
}
