import { destinationPath } from '../analysis/copy-destination.js';
import { effectReach } from '../analysis/volume-effects.js';
import { collectIgnores, type IgnoreEntry } from '../engine/ignores.js';
import type { Fix, DockerfileContext, Suggestion } from '../rule-api/types.js';
import { reaches, type Reach } from '../model/path-pattern.js';
import { isWindowsPath } from '../model/paths.js';
import type { DockerfileModel, InstructionModel, StageModel, VolumeDecl } from '../model/types.js';
import type { EffectKind } from '../shell/types.js';
import { mergeFixes } from '../engine/merge-fixes.js';

/** Every effect kind that changes what the image holds; a VOLUME must come after all of them. */
const CHANGES: ReadonlySet<EffectKind> = new Set(['write', 'mkdir', 'touch', 'delete', 'permission']);

/** A COPY or ADD puts content at its destination. */
const INTO: Reach = { kind: 'write', recursive: true };

/** What a rule attaches to a finding about a change under a volume: a fix, suggestions, or nothing. */
export type VolumeRepair = { fix: Fix } | { suggest: Suggestion[] } | Record<string, never>;

/**
 * The repair for `instruction` changing something under `volume`: move the VOLUME instruction to just after the
 * last instruction of the changing stage that changes anything under any of its paths. Moving a VOLUME later only
 * makes earlier changes stick, so it is a fix when the VOLUME is in the same stage; a VOLUME in an ancestor stage
 * would have to cross a stage boundary (stages built from that one lose it), so that is only a suggestion.
 * ONBUILD triggers run in the child build, where the volume exists wherever the VOLUME stands: no repair. Nor in a
 * Windows stage: there a volume must be a new or empty directory, so moving it after the files breaks the build.
 * Nor past a change someone silenced with an ignore comment: they chose to keep that change after the VOLUME, and
 * the move would leave their comment unused.
 */
export function volumeMoveRepair(context: DockerfileContext, volume: VolumeDecl, instruction: InstructionModel): VolumeRepair {
  const declaredAt = volume.declaredAt;
  const stage = instruction.stage;
  const home = declaredAt?.stage;
  if (!declaredAt || !home || !stage || instruction.onbuild || declaredAt.shell !== 'posix' || instruction.shell !== 'posix') return {};
  const paths = instruction.volumes.filter((v) => v.declaredAt === declaredAt).flatMap((v) => (v.path === undefined ? [] : [v.path]));
  if (paths.some(isWindowsPath)) return {};
  const changes = changesInStage(context, stage, declaredAt, paths);
  const target = changes.at(-1) ?? instruction;
  if (!keepsMeaning(declaredAt, target) || changes.some((c) => hasIgnore(context.model, c))) return {};
  const fix = moveInstructionFix(context.model, declaredAt, target);
  if (!fix) return {};
  if (home === stage) return { fix };
  const from = home.name === undefined ? `stage ${home.index}` : `stage '${home.name}'`;
  const line = context.model.lines.positionAt(target.range.start).line + 1;
  return {
    suggest: [
      {
        desc: `Move this VOLUME instruction out of ${from} to after line ${line}; stages built from ${from} will no longer declare it.`,
        fix,
      },
    ],
  };
}

/** The instructions of `stage` after `volume` that change anything under one of `paths`: RUN, COPY and ADD. */
function changesInStage(context: DockerfileContext, stage: StageModel, volume: InstructionModel, paths: readonly string[]): InstructionModel[] {
  return stage.instructions.filter((instr) => {
    if (instr.range.start <= volume.range.start) return false;
    if (instr.keyword === 'RUN' && instr.shell === 'posix') {
      return context.runEffects(instr).effects.some((e) => CHANGES.has(e.kind) && paths.some((p) => reaches(e.path, p, effectReach(e)) === 'yes'));
    }
    if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return false;
    const dest = destinationPath(instr, context.model);
    return dest !== undefined && paths.some((p) => reaches(dest.path, p, INTO) === 'yes');
  });
}

const ignoresByModel = new WeakMap<DockerfileModel, readonly IgnoreEntry[]>();

/** True when an ignore comment right above `instr` names any rule. */
function hasIgnore(model: DockerfileModel, instr: InstructionModel): boolean {
  let ignores = ignoresByModel.get(model);
  if (!ignores) {
    ignores = collectIgnores(model);
    ignoresByModel.set(model, ignores);
  }
  return ignores.some((e) => e.instruction === instr);
}

const VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * True when the VOLUME's words mean the same just after `target`: every variable they use has the same value
 * there (an ARG is not inherited by a child stage, an ENV may be redefined), and relative paths see the same
 * WORKDIR.
 */
function keepsMeaning(volume: InstructionModel, target: InstructionModel): boolean {
  for (const word of volume.args) {
    for (const [, name = ''] of word.raw.matchAll(VARIABLE)) {
      if (volume.env.has(name) !== target.env.has(name) || volume.env.get(name) !== target.env.get(name)) return false;
    }
    const value = word.value;
    if (value !== undefined && !value.startsWith('/') && !isWindowsPath(value) && volume.workdir !== target.workdir) return false;
  }
  return true;
}

/**
 * Moves `instr`, with the comment lines directly above it, to the line after `after`. The moved lines are kept
 * byte for byte (their own line endings and trailing whitespace); only when `after` ends the file without a final
 * newline is one line break added before them, and the one after them dropped, so the file still ends the way it did.
 */
export function moveInstructionFix(model: DockerfileModel, instr: InstructionModel, after: InstructionModel): Fix | undefined {
  const { text, lines } = model;
  const commentLines = new Set(model.comments.map((c) => c.line));
  let firstLine = lines.positionAt(instr.range.start).line;
  while (firstLine > 0 && commentLines.has(firstLine - 1)) firstLine--;
  const start = lines.lineStarts[firstLine] ?? 0;
  const end = nextLineStart(model, instr.range.end);
  const insertAt = nextLineStart(model, after.range.end);
  if (insertAt < end) return undefined;
  // An instruction whose last line ends in a line continuation (at the end of the file) would swallow the moved line.
  if (text.slice(after.range.start, after.range.end).trimEnd().endsWith(model.escapeChar)) return undefined;
  const block = text.slice(start, end);
  const eol = /(\r\n|\n|\r)$/.exec(block)?.[1];
  if (eol === undefined) return undefined;
  const endsWithoutNewline = insertAt === text.length && !/[\r\n]$/.test(text);
  const moved = endsWithoutNewline ? eol + block.slice(0, -eol.length) : block;
  return mergeFixes(text, [
    { range: [start, end], text: '' },
    { range: [insertAt, insertAt], text: moved },
  ]);
}

/** Offset of the line after the one holding `offset` (the text's end on the last line). */
function nextLineStart(model: DockerfileModel, offset: number): number {
  const line = model.lines.positionAt(offset).line;
  return model.lines.lineStarts[line + 1] ?? model.text.length;
}
