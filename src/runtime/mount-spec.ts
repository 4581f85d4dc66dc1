import path from 'node:path';
import { isWindowsPath, normalizePath } from '../model/paths.js';
import { UNKNOWN_PART } from './interpolate.js';
import type { MountType } from './types.js';

export interface ShortVolume {
  type: MountType | undefined;
  /** As written after interpolation; '' for an anonymous volume; contains UNKNOWN_PART where unknown. */
  source: string;
  target: string;
  mode: string;
}

/**
 * Splits `[SOURCE:]TARGET[:MODE]` as Compose does: at colons, except the one of a Windows drive letter
 * (`C:\data:/data`). Interpolation happened first, so a colon inside `${X:-./d}` is already gone; unknown parts
 * are UNKNOWN_PART, which holds no colon. Undefined for an entry Compose rejects (four parts).
 */
export function splitShortVolume(spec: string): ShortVolume | undefined {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === ':' && !(current.length === 1 && /[A-Za-z]/.test(current) && /[\\/]/.test(spec[i + 1] ?? ''))) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c ?? '';
  }
  parts.push(current);
  let source = '';
  let target: string;
  let mode = '';
  if (parts.length === 1) target = parts[0] ?? '';
  else if (parts.length === 2) [source, target] = [parts[0] ?? '', parts[1] ?? ''];
  else if (parts.length === 3) [source, target, mode] = [parts[0] ?? '', parts[1] ?? '', parts[2] ?? ''];
  else return undefined;
  return { type: sourceType(source), source, target, mode };
}

/** bind for a path, volume for a name or nothing, undefined when an unknown part decides. */
export function sourceType(source: string): MountType | undefined {
  if (source === '') return 'volume';
  if (/^[.~/\\]/.test(source) || /^[A-Za-z]:[\\/]/.test(source)) return 'bind';
  // A volume name has no slash, so a path-shaped value is a bind whatever its unknown parts are.
  if (source.includes('/') || source.includes('\\')) return 'bind';
  if (source.includes(UNKNOWN_PART)) return undefined;
  return 'volume';
}

/** A container path, normalised; undefined when unknown or not absolute. */
export function containerPath(target: string | undefined): string | undefined {
  if (target === undefined || target.includes(UNKNOWN_PART)) return undefined;
  if (isWindowsPath(target)) return target;
  return target.startsWith('/') ? normalizePath(target) : undefined;
}

/**
 * A bind source as the host sees it: relative to `directory`, `~` kept, unknown when a part is, and a relative one
 * unknown when the directory is (a script run from wherever its user stands).
 */
export function hostPath(source: string, directory: string | undefined): string | undefined {
  if (source.includes(UNKNOWN_PART)) return undefined;
  if (source === '~' || source.startsWith('~/')) return source;
  if (isWindowsPath(source)) return source;
  if (directory === undefined) return path.isAbsolute(source) ? path.normalize(source) : undefined;
  return path.resolve(directory, source);
}

/** The value for a message, an unknown part shown as `${…}`. */
export function shown(text: string): string {
  return text.split(UNKNOWN_PART).join('${…}');
}
