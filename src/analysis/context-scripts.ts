import { cleanRelative, type BuildContext } from '../context/build-context.js';
import { baseName, isStrictlyUnder, isUnderOrEqual, normalizePath, resolvePath } from '../model/paths.js';
import type { DockerfileModel, InstructionModel, StageModel, Word } from '../model/types.js';
import { mayChangeFile } from '../shell/command-io.js';
import { mountFields } from '../shell/mounts.js';
import type { ExternalScript, FileEffect, ScriptResolver } from '../shell/types.js';
import { destinationPath } from './copy-destination.js';
import { endOfLine } from './volume-args.js';

/** Directory levels a glob in a COPY source is matched through, and entries listed, before giving up. */
const MAX_GLOB_ENTRIES = 4096;

/**
 * Where a file that a RUN executes came from, read backwards from the RUN: the last COPY/ADD (or heredoc) that put
 * it at that image path from the build context, unless something later may have changed it, or it came from another
 * stage, a URL or the base image — then it is unknown and not followed. `RUN --mount=type=bind` from the context
 * shows context files at its target during that RUN.
 */
export function scriptResolver(
  model: DockerfileModel,
  run: InstructionModel,
  context: BuildContext | undefined,
  earlierEffects: (instr: InstructionModel) => readonly FileEffect[],
  dockerfilePath: string | undefined,
): ScriptResolver | undefined {
  const mounts = context ? bindMounts(run) : [];
  const stage = run.stage;
  if (!stage) return undefined;
  return (imagePath) => {
    const normal = normalizePath(imagePath);
    for (const mount of mounts) {
      if (!isUnderOrEqual(normal, mount.target) || !context) continue;
      const rel = normal === mount.target ? mount.source : joinRel(mount.source, normal.slice(mount.target.length + 1));
      return fromContext(context, rel);
    }
    for (const instr of instructionsBefore(stage, run)) {
      if (instr.keyword === 'RUN') {
        if (earlierEffects(instr).some((e) => mayChangeFile(e, normal))) return undefined;
        continue;
      }
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const placed = placedBy(instr, normal, model, context, dockerfilePath);
      if (placed === 'no') continue;
      return placed === 'unknown' ? undefined : placed;
    }
    return undefined;
  };
}

/** The instructions that ran before `run` in its stage and the stages it is built on, latest first. */
function* instructionsBefore(stage: StageModel, run: InstructionModel): Generator<InstructionModel> {
  const own = stage.instructions;
  const index = own.indexOf(run);
  for (let i = (index < 0 ? own.length : index) - 1; i >= 0; i--) {
    const instr = own[i];
    if (instr && !instr.onbuild) yield instr;
  }
  for (let parent = stage.parent; parent; parent = parent.parent) {
    for (let i = parent.instructions.length - 1; i >= 0; i--) {
      const instr = parent.instructions[i];
      if (instr && !instr.onbuild) yield instr;
    }
  }
}

/** What a COPY/ADD did to `path`: nothing, put a known file there, or something volint cannot read. */
function placedBy(
  instr: InstructionModel,
  path: string,
  model: DockerfileModel,
  context: BuildContext | undefined,
  dockerfilePath: string | undefined,
): 'no' | 'unknown' | ExternalScript {
  const dest = destinationPath(instr, model);
  // A destination volint cannot resolve may be anywhere, the script's path included.
  if (!dest?.path.prefix) return instr.args.length >= 2 ? 'unknown' : 'no';
  const destPath = dest.path.prefix;
  if (!isUnderOrEqual(path, destPath)) return 'no';
  if (dest.path.tail !== 'exact') return 'unknown';
  const heredocs = instr.json ? [] : heredocBodies(instr, model.text);
  const sources = copySources(instr, model.text);
  const fromOther = instr.flags.some((f) => f.name === 'from');
  const destIsDir = dest.word.raw.endsWith('/') || sources.length + heredocs.length > 1;
  if (heredocs.length > 0) {
    for (const heredoc of heredocs) {
      const target = destIsDir ? destPath + '/' + heredoc.name : destPath;
      if (target !== path) continue;
      return {
        text: heredoc.body,
        file: { path: dockerfilePath ?? '', display: dockerfilePath === undefined ? 'Dockerfile' : baseName(dockerfilePath) ?? 'Dockerfile', firstLine: model.lines.positionAt(heredoc.start).line },
      };
    }
    return 'no';
  }
  if (fromOther || !context) return 'unknown';
  const parents = instr.flags.some((f) => f.name === 'parents');
  const excludes = instr.flags.filter((f) => f.name === 'exclude');
  if (excludes.length > 0) return 'unknown';
  for (const source of [...sources].reverse()) {
    const raw = source.value;
    if (raw === undefined) return 'unknown';
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || raw.startsWith('git@')) {
      if (destIsDir || destPath === path) return 'unknown';
      continue;
    }
    const matches = /[*?[]/.test(raw) ? expandGlob(context, raw) : [cleanRelative(raw)];
    if (matches === undefined) return 'unknown';
    const multiple = destIsDir || matches.length > 1;
    for (const rel of matches) {
      if (rel === undefined) return 'unknown';
      const kind = context.kind(rel);
      if (kind === undefined) continue;
      if (instr.keyword === 'ADD' && kind === 'file' && /\.(?:tar|tgz|tbz2?|txz|tar\.\w+)$/i.test(rel)) return 'unknown';
      const base = parents ? destPath + (rel === '' ? '' : '/' + rel) : undefined;
      if (kind === 'file') {
        const target = base ?? (multiple ? destPath + '/' + (baseName(rel) ?? '') : destPath);
        if (normalizePath(target) === path) return fromContext(context, rel) ?? 'unknown';
      } else {
        const root = base ?? destPath;
        if (isStrictlyUnder(path, root)) {
          const inside = joinRel(rel, path.slice(root === '/' ? 1 : root.length + 1));
          if (context.kind(inside) === 'file') return fromContext(context, inside) ?? 'unknown';
        }
      }
    }
  }
  return 'no';
}

function fromContext(context: BuildContext, rel: string): ExternalScript | undefined {
  const file = context.file(rel);
  if (!file) return undefined;
  return { text: file.text, file: { path: file.path, display: file.relPath, firstLine: 0 } };
}

function joinRel(dir: string, rest: string): string {
  return cleanRelative(dir + '/' + rest) ?? rest;
}

/** The source arguments of a COPY/ADD (all but the destination; heredoc markers excluded). */
function copySources(instr: InstructionModel, text: string): Word[] {
  let args = instr.args;
  const heredoc = instr.json ? undefined : args.find((w) => w.raw.startsWith('<<'));
  if (heredoc) {
    const lineEnd = endOfLine(text, heredoc.range.start);
    args = args.filter((w) => w.range.start < lineEnd && !w.raw.startsWith('<<'));
  }
  return args.slice(0, -1);
}

interface HeredocBody {
  name: string;
  body: string;
  /** Offset of the body's first character in the Dockerfile. */
  start: number;
}

/** The heredocs of `COPY <<EOF /dest`: each named document and its text, in order. */
function heredocBodies(instr: InstructionModel, text: string): HeredocBody[] {
  const firstLineEnd = endOfLine(text, instr.range.start);
  const markers = [...text.slice(instr.range.start, firstLineEnd).matchAll(/<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/g)];
  const bodies: HeredocBody[] = [];
  let pos = firstLineEnd + 1;
  for (const marker of markers) {
    const strip = marker[1] === '-';
    const name = marker[3] ?? '';
    const start = pos;
    let body = '';
    let closed = false;
    while (pos <= instr.range.end && pos < text.length) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd < 0) lineEnd = text.length;
      const line = text.slice(pos, lineEnd).replace(/\r$/, '');
      pos = lineEnd + 1;
      if ((strip ? line.replace(/^\t+/, '') : line) === name) {
        closed = true;
        break;
      }
      body += (strip ? line.replace(/^\t+/, '') : line) + '\n';
    }
    if (!closed) return bodies;
    bodies.push({ name, body, start });
  }
  return bodies;
}

interface BindMount {
  target: string;
  source: string;
}

/** `RUN --mount=type=bind[,source=S],target=T` from the context (no `from`): T shows the context's S. */
function bindMounts(run: InstructionModel): BindMount[] {
  const mounts: BindMount[] = [];
  for (const flag of run.flags) {
    const spec = flag.name === 'mount' ? flag.value?.value : undefined;
    if (spec === undefined) continue;
    const fields = mountFields(spec);
    if ((fields.get('type') ?? 'bind') !== 'bind' || fields.has('from')) continue;
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    const path = target === undefined ? undefined : resolvePath(target, run.workdir);
    const source = cleanRelative(fields.get('source') ?? fields.get('src') ?? '.');
    if (path !== undefined && source !== undefined) mounts.push({ target: path, source });
  }
  return mounts;
}

/** Context paths a COPY source glob matches (`scripts/*.sh`); undefined when there are too many to list. */
function expandGlob(context: BuildContext, pattern: string): string[] | undefined {
  const parts = (cleanRelative(pattern) ?? '').split('/').filter((p) => p !== '');
  let current = [''];
  let listed = 0;
  for (const part of parts) {
    const next: string[] = [];
    const regex = /[*?[]/.test(part) ? globRegex(part) : undefined;
    for (const dir of current) {
      if (!regex) {
        next.push(dir === '' ? part : dir + '/' + part);
        continue;
      }
      const names = context.list(dir);
      listed += names.length;
      if (listed > MAX_GLOB_ENTRIES) return undefined;
      for (const name of names) if (regex.test(name)) next.push(dir === '' ? name : dir + '/' + name);
    }
    current = next;
  }
  return current.filter((p) => context.kind(p) !== undefined);
}

function globRegex(part: string): RegExp {
  let source = '^';
  for (let i = 0; i < part.length; i++) {
    const ch = part[i] ?? '';
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = part.indexOf(']', i + 2);
      if (close < 0) source += '\\[';
      else {
        const body = part.slice(i + 1, close);
        source += '[' + (body.startsWith('!') || body.startsWith('^') ? '^' + body.slice(1) : body) + ']';
        i = close;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(source + '$');
}
