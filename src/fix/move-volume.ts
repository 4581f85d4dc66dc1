import { destinationPath } from '../analysis/copy-destination.js';
import { effectReach } from '../analysis/volume-effects.js';
import { collectIgnores, type IgnoreEntry } from '../engine/ignores.js';
import type { Applicability, DockerfileContext, Fix, Suggestion, TextEdit } from '../rule-api/types.js';
import { reaches, type PathPattern, type Reach } from '../model/path-pattern.js';
import { lookupVariable } from '../model/environment.js';
import { decodeJsonString } from '../model/json-form.js';
import { isStrictlyUnder, isUnderOrEqual, isWindowsPath } from '../model/paths.js';
import { volumePath } from '../model/stage-state.js';
import type { DockerfileModel, InstructionModel, StageModel, VolumeDecl, Word } from '../model/types.js';
import type { EffectKind } from '../shell/types.js';
import { endingLineBreak } from '../text/line-index.js';

/** Every effect kind that changes what the image holds; a VOLUME must come after all of them. */
const CHANGES: ReadonlySet<EffectKind> = new Set(['write', 'mkdir', 'touch', 'delete', 'permission']);

/** A COPY or ADD puts content at its destination. */
const INTO: Reach = { kind: 'write', recursive: true };

/** What a rule attaches to a finding about a change under a volume: a fix, suggestions, or nothing. */
export type VolumeRepair = { fix: Fix } | { suggest: Suggestion[] } | Record<string, never>;

const NO_REPAIR: VolumeRepair = {};

/** One repair per VOLUME and changing stage: every finding it repairs shares the same Fix object. */
const repairs = new WeakMap<DockerfileModel, Map<InstructionModel, Map<StageModel, VolumeRepair>>>();

/**
 * The repair for `instruction` changing something under `volume`: move the VOLUME instruction to just after the
 * last instruction of the changing stage that changes anything under any of its paths. Moving a VOLUME later only
 * makes earlier changes stick, so it is a fix when the VOLUME is in the same stage; a VOLUME in an ancestor stage
 * would have to cross a stage boundary (stages built from that one lose it), so that is only a suggestion.
 *
 * The classic builder creates a volume's directory (and its parents) at the VOLUME line, as root with mode 0755:
 * a `touch`, `cd` or `chown` between there and the new place relied on it. So where the VOLUME stood the fix
 * leaves `RUN mkdir -p <paths>`, run as root, which creates the same directories with the same owner and mode
 * (and changes nothing when they exist), unless the directories provably exist already or the first instruction
 * to reach them is a plain COPY/ADD, which creates them just as VOLUME did. Where no shell is proven in the image
 * (exec-form RUNs only), it leaves `WORKDIR <path>` then `WORKDIR <the working directory before>` instead, as root:
 * every builder creates a missing WORKDIR, with mode 0755, without running anything. Both must do what the VOLUME
 * did whatever `--build-arg` values the build is given: a path that uses an ARG is written for the shell or the
 * builder to expand, and the USER (and, for WORKDIR, the working directory) before must be known for sure. The fix
 * is unsafe, and only moves the VOLUME, when that cannot be shown (an image volint has no facts about and no USER of
 * this file, a USER set from an ARG, a path that the shell would read differently).
 *
 * ONBUILD triggers run in the child build, where the volume exists wherever the VOLUME stands: no repair. Nor in a
 * Windows stage: there a volume must be a new or empty directory, so moving it after the files breaks the build.
 * Nor past a change someone silenced with an ignore comment: they chose to keep that change after the VOLUME, and
 * the move would leave their comment unused.
 */
export function volumeMoveRepair(context: DockerfileContext, volume: VolumeDecl, instruction: InstructionModel): VolumeRepair {
  const declaredAt = volume.declaredAt;
  const stage = instruction.stage;
  if (!declaredAt || !stage) return NO_REPAIR;
  let byVolume = repairs.get(context.model);
  if (!byVolume) repairs.set(context.model, (byVolume = new Map<InstructionModel, Map<StageModel, VolumeRepair>>()));
  let byStage = byVolume.get(declaredAt);
  if (!byStage) byVolume.set(declaredAt, (byStage = new Map<StageModel, VolumeRepair>()));
  let repair = byStage.get(stage);
  if (!repair) byStage.set(stage, (repair = computeRepair(context, declaredAt, instruction, stage)));
  return repair;
}

function computeRepair(context: DockerfileContext, declaredAt: InstructionModel, instruction: InstructionModel, stage: StageModel): VolumeRepair {
  const home = declaredAt.stage;
  if (!home || instruction.onbuild || declaredAt.shell !== 'posix' || instruction.shell !== 'posix') return NO_REPAIR;
  // Read from the VOLUME's own words: searching the volumes in scope would cost as many steps as there are.
  const declared = declaredAt.args.map((w) => volumePath(w.value));
  const paths = declared.flatMap((p) => (p === undefined ? [] : [p]));
  if (paths.some(isWindowsPath)) return NO_REPAIR;
  const changes = changesInStage(context, stage, declaredAt, paths);
  const target = changes.at(-1) ?? instruction;
  if (!keepsMeaning(declaredAt, target) || changes.some((c) => hasIgnore(context.model, c))) return NO_REPAIR;

  if (home !== stage && !withinStages(stage, home)) return NO_REPAIR;
  const creation = directoryCreation(context, declaredAt, target, paths, declared.length === paths.length);
  const moved = moveInstructionFix(context.model, declaredAt, target, creation.text);
  if (!moved) return NO_REPAIR;
  const fix: Fix = { applicability: home === stage ? creation.applicability : 'unsafe', edits: moved };
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

/** True when `ancestor` is at most STAGES_BACK stages up the chain of `stage`: a move across more is not offered. */
function withinStages(stage: StageModel, ancestor: StageModel): boolean {
  let s: StageModel | undefined = stage;
  for (let n = 0; s && n <= STAGES_BACK; n++, s = s.parent) if (s === ancestor) return true;
  return false;
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

/** What takes the VOLUME's place so the directories exist as before, and whether that is proven safe. */
interface Creation {
  /** Lines to leave where the VOLUME stood ('' for none). */
  text: (eol: string, indent: string) => string;
  applicability: Applicability;
}

/**
 * Decides what the moved VOLUME must leave behind so that its directories exist as before (see volumeMoveRepair):
 * nothing, `RUN mkdir -p` (a shell is proven), or a WORKDIR pair (no shell needed). The instructions between the
 * VOLUME and `target` are the ones that used to find the directories made. Each is safe only when what it relies on
 * holds whatever the build is given: a `--build-arg` may change a path, the USER or the working directory the file
 * reads from an ARG's default, so those are either written for the builder to expand the same way or left unsafe.
 */
function directoryCreation(
  context: DockerfileContext,
  volume: InstructionModel,
  target: InstructionModel,
  paths: readonly string[],
  allKnown: boolean,
): Creation {
  const unsafe: Creation = { text: () => '', applicability: 'unsafe' };
  if (!allKnown || paths.length === 0) return unsafe;
  const certain = certainAt(volume);
  // A path read from an ARG's default may be another directory at build time: proofs about the default prove nothing.
  const exact = volume.args.every((w) => certain.fixed(w.raw));
  // Across stages, the ones between the VOLUME's stage and the target's are crossed too.
  const between = [...stageChainBefore(target, volume.stage), target].filter((i) => i.range.start > volume.range.start);
  if (exact && (existBefore(context, volume, paths) || createdByPlainCopy(context, between, paths))) {
    return { text: () => '', applicability: 'safe' };
  }
  const { user } = certain;
  if (certain.shell || shellRunsFirst(context, between, paths)) {
    // A non-root USER could not create a directory in /; VOLUME made it as root, so the fix does too. A USER that is
    // not known for sure (an image volint has no facts about, an ARG) may be one that cannot: unsafe.
    const words = volume.args.map((w) => mkdirWord(volume, w, certain));
    if (user === undefined || (!isRoot(user) && !USER_WORD.test(user)) || words.some((w) => w === undefined)) return unsafe;
    const command = `RUN mkdir -p ${words.join(' ')}`;
    return { text: (eol, indent) => asUser(isRoot(user) ? undefined : user, [command], eol, indent), applicability: 'safe' };
  }
  // Without a shell, `RUN mkdir` would fail the build. WORKDIR needs none, but must be handed back exactly, with
  // the USER around it: the unsafe fix only moves the VOLUME when either is not known for sure.
  const { workdir } = certain;
  const words = volume.args.map((w) => workdirWord(volume, w, certain));
  if (user === undefined || workdir === undefined || !LITERAL_PATH.test(workdir) || words.some((w) => w === undefined)) return unsafe;
  // Root by number, or because nothing set a USER: writing `USER root` there would add a name the image may not resolve.
  const restore = (!certain.userSet && isRoot(user)) || /^0(:0)?$/.test(user) ? undefined : user;
  if (restore !== undefined && !USER_WORD.test(restore)) return unsafe;
  const lines = [...words.map((w) => `WORKDIR ${w ?? ''}`), `WORKDIR ${workdir}`];
  return { text: (eol, indent) => asUser(restore, lines, eol, indent), applicability: 'safe' };
}

/** `lines`, run as `USER 0:0` and followed by `USER <restore>` when a USER must be handed back. */
function asUser(restore: string | undefined, lines: readonly string[], eol: string, indent: string): string {
  const all = restore === undefined ? lines : ['USER 0:0', ...lines, `USER ${restore}`];
  return all.map((l) => `${indent}${l}${eol}`).join('');
}

/**
 * A path written as a WORKDIR argument as it is: WORKDIR expands variables and removes quotes and escapes, so
 * anything else would need quoting (and a path that needs it is left to the unsafe fix).
 */
const LITERAL_PATH = /^\/[A-Za-z0-9_./@%+=:,-]*$/;

/** A USER value that reads the same written back as a USER argument. */
const USER_WORD = /^[A-Za-z0-9_.@+-]+(:[A-Za-z0-9_.@+-]+)?$/;

/**
 * A VOLUME word as one `mkdir -p` argument. A word no build argument can change is its path (quoted if need be).
 * One that uses an ARG is written as the same text in double quotes, for the shell to expand at build time, where
 * the RUN's environment holds the same ARG and ENV values the builder expanded the VOLUME with (see expandableText).
 * Every name must be set there: an unset one is empty to the builder but may be set in the shell (HOME, HOSTNAME),
 * and a shell sets some names itself (PWD, IFS). Undefined when the word cannot be written so.
 */
function mkdirWord(volume: InstructionModel, word: Word, certain: Certain): string | undefined {
  const path = volumePath(word.value);
  if (path === undefined) return undefined;
  if (certain.fixed(word.raw)) return shellWord(path);
  const text = expandableText(volume, word);
  if (text === undefined) return undefined;
  for (const [, name = ''] of text.matchAll(VARIABLE)) {
    if (SHELL_OWN.test(name) || lookupVariable(volume.env, name).state !== 'set') return undefined;
  }
  return `"${text}"`;
}

/**
 * A VOLUME word as a WORKDIR argument, which the builder expands as it expanded the VOLUME (same lexer, same ARG and
 * ENV values at the same place): a fixed path written as it is, or a word using an ARG written as the same text.
 * Undefined when it would need quoting (WORKDIR removes quotes and escapes).
 */
function workdirWord(volume: InstructionModel, word: Word, certain: Certain): string | undefined {
  const path = volumePath(word.value);
  if (path === undefined) return undefined;
  if (certain.fixed(word.raw)) return LITERAL_PATH.test(path) ? path : undefined;
  return expandableText(volume, word);
}

/**
 * The text of a VOLUME word that uses variables, when it means the same to the builder as to a POSIX shell inside
 * double quotes: plain characters and `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`,
 * `${NAME+word}` with a plain word, which is neither split nor globbed (the builder expands a VOLUME word as one
 * word too). A shell-form word in double quotes counts as its inside: the builder expands there as well. Undefined
 * for anything else (quotes, escapes, other operators).
 */
function expandableText(volume: InstructionModel, word: Word): string | undefined {
  let text = volume.json ? decodeJsonString(word.raw) : word.raw;
  if (!volume.json && /^"[^"]*"$/.test(text)) text = text.slice(1, -1);
  return EXPANDABLE.test(text) ? text : undefined;
}

const PLAIN = '[A-Za-z0-9_./@%+=:,-]';
const EXPANDABLE = new RegExp(`^(?:${PLAIN}|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::?[-+]${PLAIN}*)?\\})+$`);

/** Names a POSIX shell or bash sets or resets itself, whatever the environment it starts with. */
const SHELL_OWN = /^(?:PWD|OLDPWD|IFS|PPID|OPTIND|OPTARG|SHLVL|PS[1-4]|LINENO|RANDOM|SECONDS|HOSTNAME|HOME|_|BASH\w*|SHELLOPTS|EUID|UID|GROUPS)$/;

/** What is certain at an instruction whatever `--build-arg` values the build is given (see certainAt). */
interface Certain {
  /** The USER in effect; undefined when not known for sure. */
  user: string | undefined;
  /** A USER line of the stage chain set it (else the base image did, or nothing: root). */
  userSet: boolean;
  /** The working directory; undefined when not known for sure. */
  workdir: string | undefined;
  /** A shell-form RUN ran before: /bin/sh is in the image. */
  shell: boolean;
  /** True when no build argument can change what `raw` (a word of the instruction) expands to. */
  fixed: (raw: string) => boolean;
}

/**
 * What the build certainly has at `instr`, read in build order along its stage chain (at most STAGES_BACK stages):
 * - a variable is fixed when an ENV whose value uses only fixed variables set it, or the base image did; an ARG's
 *   default may be overridden at build time, so a name an ARG of the stage declares is not (the reference says an
 *   ENV of the same name wins, but builders have differed on that);
 * - the USER and working directory volint's model gives are certain when the WORKDIR and USER lines that set them
 *   use only fixed variables, or the base image volint has facts about set them;
 * - a FROM whose image is written with a variable may be another image, or another stage, at build time: nothing
 *   from before it is certain (its ENV, USER, WORKDIR, shell);
 * - an ONBUILD USER, WORKDIR, ENV or ARG of an earlier stage runs when a later one is built from it, and the model
 *   does not apply it: what it may set is not certain.
 */
function certainAt(instr: InstructionModel): Certain {
  const chain: StageModel[] = [];
  for (let s = instr.stage; s && chain.length < STAGES_BACK; s = s.parent) chain.unshift(s);
  // Whether the chain starts at its first FROM: only then are the base image's facts what the stages start from.
  let inherited = chain[0]?.parent === undefined;
  let userKnown = inherited;
  let workdirKnown = inherited;
  let userSet = false;
  let shell = false;
  const envFixed = new Map<string, boolean>();
  let args = new Set<string>();
  const fixedName = (name: string): boolean => !args.has(name) && (envFixed.get(name) ?? inherited);
  const fixed = (raw: string): boolean => !raw.includes('$') || [...raw.matchAll(VARIABLE)].every(([, name = '']) => fixedName(name));
  for (const s of chain) {
    args = new Set<string>();
    if (s.base.word.raw.includes('$')) {
      inherited = userKnown = workdirKnown = shell = false;
      envFixed.clear();
    }
    for (const i of s.instructions) {
      if (i.range.start >= instr.range.start) break;
      if (i.onbuild) continue;
      const raw = (): string => i.args.map((w) => w.raw).join(' ');
      switch (i.keyword) {
        case 'ONBUILD': {
          if (s === instr.stage) break;
          const trigger = i.args[0]?.raw.toUpperCase();
          if (trigger === 'USER') userKnown = false;
          else if (trigger === 'WORKDIR') workdirKnown = false;
          else if (trigger === 'ENV' || trigger === 'ARG') {
            inherited = false;
            envFixed.clear();
          }
          break;
        }
        case 'USER':
          userSet = true;
          userKnown = fixed(raw());
          break;
        case 'WORKDIR':
          if (!fixed(raw())) workdirKnown = false;
          else if (i.args[0]?.value?.startsWith('/') === true) workdirKnown = true;
          break;
        case 'ENV':
          for (const [name, value] of envWords(i)) envFixed.set(name, fixed(value));
          break;
        case 'ARG':
          for (const w of i.args) args.add(w.raw.split('=')[0] ?? '');
          break;
        case 'RUN':
          if (!i.json && i.shell === 'posix') shell = true;
          break;
      }
    }
  }
  return { user: userKnown ? instr.user : undefined, userSet, workdir: workdirKnown ? instr.workdir : undefined, shell, fixed };
}

/** The names an ENV sets, each with the raw text of its value (`ENV NAME value words` or `ENV A=1 B=2`). */
function envWords(env: InstructionModel): [string, string][] {
  const [first, ...rest] = env.args;
  if (first && !first.raw.includes('=')) return [[first.raw, rest.map((w) => w.raw).join(' ')]];
  return env.args.map((w) => {
    const eq = w.raw.indexOf('=');
    return eq < 0 ? [w.raw, ''] : [w.raw.slice(0, eq), w.raw.slice(eq + 1)];
  });
}

/**
 * True when every path is a directory before the VOLUME: made by an earlier instruction of this file (an earlier
 * VOLUME too), or a WORKDIR.
 */
function existBefore(context: DockerfileContext, volume: InstructionModel, paths: readonly string[]): boolean {
  const earlier = stageChainBefore(volume);
  return paths.every((p) => {
    if (volume.workdir !== undefined && isUnderOrEqual(volume.workdir, p)) return true;
    let exists = false;
    for (const instr of earlier) {
      if (instr.keyword === 'VOLUME' && instr.args.some((w) => volumePath(w.value) === p)) {
        exists = true;
      } else if (instr.keyword === 'RUN' && instr.shell === 'posix') {
        for (const e of context.runEffects(instr).effects) {
          // A delete that may remove the path (or one of its parents) counts as removing it; only exact paths create.
          if (e.kind === 'delete' && (e.path.prefix === undefined || isUnderOrEqual(p, e.path.prefix))) exists = false;
          else if ((e.kind === 'mkdir' && exactlyUnder(e.path, p, false)) || (e.kind !== 'read' && e.kind !== 'delete' && exactlyUnder(e.path, p, true))) exists = true;
        }
      } else if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        const dest = destinationPath(instr, context.model);
        if (dest && exactlyUnder(dest.path, p, true)) exists = true;
      }
    }
    return exists;
  });
}

/** True when `pattern` is one known path at or below `dir` (strictly below when `strict`). */
function exactlyUnder(pattern: PathPattern, dir: string, strict: boolean): boolean {
  if (pattern.tail !== 'exact' || pattern.prefix === undefined) return false;
  return strict ? isStrictlyUnder(pattern.prefix, dir) : isUnderOrEqual(pattern.prefix, dir);
}

/** True when the first instruction after the VOLUME that could need or make the directories is a COPY/ADD into them that sets no owner or mode. */
function createdByPlainCopy(context: DockerfileContext, between: readonly InstructionModel[], paths: readonly string[]): boolean {
  const first = between.find((i) => ['RUN', 'COPY', 'ADD', 'WORKDIR'].includes(i.keyword));
  if (!first || (first.keyword !== 'COPY' && first.keyword !== 'ADD')) return false;
  if (first.flags.some((f) => f.name === 'chown' || f.name === 'chmod' || f.name === 'link')) return false;
  const dest = destinationPath(first, context.model);
  return dest !== undefined && paths.every((p) => exactlyUnder(dest.path, p, false));
}

/**
 * How many stages back the fix looks for what exists before a VOLUME. Looking less far only costs a `mkdir -p`
 * that changes nothing, or an unsafe fix; looking back the whole chain would make a long chain of stages quadratic.
 */
const STAGES_BACK = 16;

/**
 * The instructions before `instr` in its stage and the stages it is built from, in build order: back to `upTo`
 * when given, else at most STAGES_BACK stages.
 */
function stageChainBefore(instr: InstructionModel, upTo?: StageModel): InstructionModel[] {
  const chain: StageModel[] = [];
  for (let s = instr.stage; s && chain.length < (upTo ? Infinity : STAGES_BACK); s = s.parent) {
    chain.unshift(s);
    if (s === upTo) break;
  }
  return chain.flatMap((s) => s.instructions.filter((i) => i.range.start < instr.range.start && !i.onbuild));
}

/** The base-image table gives '' for an image that sets no USER. */
function isRoot(user: string): boolean {
  return user === '' || /^(root|0)(:(root|0))?$/.test(user);
}

/**
 * A shell-form RUN comes after the VOLUME, and nothing before it could have added /bin/sh (a COPY or ADD is allowed
 * only into the volume's own paths; a FROM of another stage is not): the shell was there at the VOLUME.
 */
function shellRunsFirst(context: DockerfileContext, between: readonly InstructionModel[], paths: readonly string[]): boolean {
  const stage = between[0]?.stage;
  for (const i of between) {
    if (i.stage !== stage) return false;
    if (i.keyword === 'RUN') return !i.json && i.shell === 'posix';
    if (i.keyword === 'COPY' || i.keyword === 'ADD') {
      const dest = destinationPath(i, context.model);
      if (!dest || !paths.some((p) => exactlyUnder(dest.path, p, false))) return false;
    }
  }
  return false;
}

/** A path as one shell word: as is when it holds only safe characters, else single-quoted. */
function shellWord(path: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
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
 * Moves `instr`, with the comment lines directly above it, to the line after `after`: two small edits, one that
 * removes the lines (leaving `leaveBehind`, given the moved text's line ending and indentation) and one that inserts
 * them. The moved lines are kept byte for byte (their own line endings and trailing whitespace); only when `after`
 * ends the file without a final newline is one line break added before them, and the one after them dropped, so
 * the file still ends the way it did.
 */
export function moveInstructionFix(
  model: DockerfileModel,
  instr: InstructionModel,
  after: InstructionModel,
  leaveBehind: (eol: string, indent: string) => string = () => '',
): TextEdit[] | undefined {
  const { text, lines } = model;
  const commentLines = new Set(model.comments.map((c) => c.line));
  const instrLine = lines.positionAt(instr.range.start).line;
  let firstLine = instrLine;
  while (firstLine > 0 && commentLines.has(firstLine - 1)) firstLine--;
  const start = lines.lineStarts[firstLine] ?? 0;
  const end = nextLineStart(model, instr.range.end);
  const insertAt = nextLineStart(model, after.range.end);
  if (insertAt < end) return undefined;
  // An instruction whose last line ends in a line continuation (at the end of the file) would swallow the moved line.
  if (text.slice(after.range.start, after.range.end).trimEnd().endsWith(model.escapeChar)) return undefined;
  const block = text.slice(start, end);
  const eol = endingLineBreak(block);
  if (eol === undefined) return undefined;
  const endsWithoutNewline = insertAt === text.length && endingLineBreak(text) === undefined;
  const moved = endsWithoutNewline ? eol + block.slice(0, -eol.length) : block;
  const indent = /^[ \t]*/.exec(text.slice(lines.lineStarts[instrLine] ?? start, instr.range.start))?.[0] ?? '';
  return [
    { range: [start, end], text: leaveBehind(eol, indent) },
    { range: [insertAt, insertAt], text: moved },
  ];
}

/** Offset of the line after the one holding `offset` (the text's end on the last line). */
function nextLineStart(model: DockerfileModel, offset: number): number {
  const line = model.lines.positionAt(offset).line;
  return model.lines.lineStarts[line + 1] ?? model.text.length;
}
