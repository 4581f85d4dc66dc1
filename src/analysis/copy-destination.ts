import { exactPath, hasUnknownPart, pathPattern, reaches, UNKNOWN_PART, type PathPattern, type Reach } from '../model/path-pattern.js';
import { isWindowsPath } from '../model/paths.js';
import type { DockerfileModel, InstructionModel, VolumeDecl, VolumeOrigin, Word } from '../model/types.js';
import { expandDockerfileWord } from '../model/words.js';
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

/**
 * The path a COPY/ADD writes to: exact, or the known prefix of a destination with unknown variables or an unknown
 * WORKDIR below a known one.
 */
export function destinationPath(instr: InstructionModel, model: DockerfileModel): { word: Word; path: PathPattern } | undefined {
  const word = copyDestination(instr, model.text);
  if (!word) return undefined;
  const dest = word.value ?? knownHead(word.raw, instr, model.escapeChar);
  if (dest === undefined || dest === '') return undefined;
  if (isWindowsPath(dest)) return hasUnknownPart(dest) ? undefined : { word, path: exactPath(dest) };
  // A relative destination under a Windows WORKDIR is not a POSIX path: no answer rather than a wrong one.
  if (!dest.startsWith('/') && instr.workdir !== undefined && isWindowsPath(instr.workdir)) return undefined;
  const path = pathPattern(dest, false, instr.workdir);
  return path.prefix === undefined ? undefined : { word, path };
}

/** `/data/${VERSION}/` with VERSION unknown: the expansion of the text before the first unknown variable, then UNKNOWN_PART. */
function knownHead(raw: string, instr: InstructionModel, escapeChar: string): string | undefined {
  for (let at = raw.indexOf('$'); at >= 0; at = raw.indexOf('$', at + 1)) {
    const reference = /^(?:\{[^}]*\}|[A-Za-z_]\w*)/.exec(raw.slice(at + 1))?.[0] ?? '';
    if (expandDockerfileWord(raw.slice(0, at + 1 + reference.length), instr.env, escapeChar) !== undefined) continue;
    const head = expandDockerfileWord(raw.slice(0, at), instr.env, escapeChar);
    return head === undefined ? undefined : head + UNKNOWN_PART;
  }
  return undefined;
}

/** A COPY or ADD puts content at its destination, and below it. */
const INTO: Reach = { kind: 'write', recursive: true };

/** The most specific volume in scope at a COPY/ADD that its destination lands in for sure. */
export function receivingVolume(instr: InstructionModel, destination: PathPattern): VolumeDecl | undefined {
  return instr.volumeScope.mostSpecific(destination, INTO, ALL_ORIGINS);
}

const ALL_ORIGINS: ReadonlySet<VolumeOrigin> = new Set(['stage', 'ancestor', 'base-image']);

/** The most specific of `volumes` that a COPY/ADD destination lands in for sure. */
export function mostSpecificVolume<V extends { path: string | undefined }>(destination: PathPattern, volumes: readonly V[]): V | undefined {
  let best: V | undefined;
  for (const v of volumes) {
    if (v.path === undefined || reaches(destination, v.path, INTO) !== 'yes') continue;
    if (best?.path === undefined || best.path.length < v.path.length) best = v;
  }
  return best;
}
