import { isUnderOrEqual, isWindowsPath, normalizeWindowsPath, resolvePath } from '../model/paths.js';
import type { InstructionModel, Word } from '../model/types.js';
import { endOfLine } from './volume-args.js';

/**
 * The destination argument of a COPY/ADD: the last one, except that heredoc bodies (`COPY <<EOF /dest`) are not
 * arguments, so only the words on the line of the first heredoc marker count.
 */
export function copyDestination(instr: InstructionModel, text: string): Word | undefined {
  let args = instr.args;
  const heredoc = instr.json ? undefined : args.find((w) => w.raw.startsWith('<<'));
  if (heredoc) {
    const lineEnd = endOfLine(text, heredoc.range.start);
    args = args.filter((w) => w.range.start < lineEnd);
  }
  return args.length >= 2 ? args.at(-1) : undefined;
}

/** The absolute path a COPY/ADD writes to; undefined when it depends on an unknown WORKDIR or variable. */
export function destinationPath(instr: InstructionModel, text: string): { word: Word; path: string } | undefined {
  const word = copyDestination(instr, text);
  if (!word) return undefined;
  const dest = word.value;
  if (dest === undefined || dest === '') return undefined;
  if (isWindowsPath(dest)) return { word, path: dest };
  // A relative destination under a Windows WORKDIR is not a POSIX path: no answer rather than a wrong one.
  if (!dest.startsWith('/') && instr.workdir !== undefined && isWindowsPath(instr.workdir)) return undefined;
  const path = resolvePath(dest, instr.workdir);
  return path === undefined ? undefined : { word, path };
}

/** True when `path` is the volume path or lies below it; Windows paths compare case-insensitively. */
export function insideVolume(path: string, volume: string): boolean {
  const windows = isWindowsPath(volume);
  if (windows !== isWindowsPath(path)) return false;
  if (!windows) return isUnderOrEqual(path, volume);
  const v = normalizeWindowsPath(volume);
  const p = normalizeWindowsPath(path);
  return p === v || p.startsWith(v + '\\');
}

/** The most specific of `volumes` that contains `path`. */
export function enclosingVolume<V extends { path: string | undefined }>(path: string, volumes: readonly V[]): V | undefined {
  let best: V | undefined;
  for (const v of volumes) {
    if (v.path === undefined || !insideVolume(path, v.path)) continue;
    if (best?.path === undefined || best.path.length < v.path.length) best = v;
  }
  return best;
}
