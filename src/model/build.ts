import { JSONInstruction, ModifiableInstruction, Onbuild } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { LineIndex, type Offsets } from '../text/line-index.js';
import { buildBaseImageTable, lookupBaseImageVolumes, type BaseImageTable } from './base-images.js';
import { parseDockerfile } from './parse-dockerfile.js';
import { isWindowsPath, normalizePath, resolvePath } from './paths.js';
import type {
  BaseRef,
  CommentModel,
  DockerfileModel,
  Environment,
  InstructionModel,
  ShellKind,
  StageModel,
  VolumeDecl,
  Word,
} from './types.js';
import { expandWord, splitWords } from './words.js';

export interface ModelOptions {
  /** `--build-arg` values: they override ARG defaults. */
  buildArgs?: Readonly<Record<string, string>>;
  baseImages?: BaseImageTable;
}

/** What a stage hands to a stage built `FROM` it. */
interface StageState {
  env: Map<string, string | undefined>;
  workdir: string | undefined;
  shell: ShellKind;
  volumes: VolumeDecl[];
}

const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'yash', 'busybox']);
const WINDOWS_IMAGE = /(^|[/:_-])(windows|nanoserver|windowsservercore|servercore)([/:_.-]|$)|ltsc20\d\d/i;

const WINDOWS_WORD = /nanoserver|servercore|windows/i;

let defaultTable: BaseImageTable | undefined;

/** Builds the model the rules query: stages, scope of ARG/ENV, WORKDIR, SHELL and the volumes in scope. */
export function buildModel(text: string, options: ModelOptions = {}): DockerfileModel {
  const dockerfile = parseDockerfile(text);
  const lines = new LineIndex(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const buildArgs = options.buildArgs ?? {};
  const table = options.baseImages ?? (defaultTable ??= buildBaseImageTable());
  const toOffsets = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): Offsets => ({
    start: lines.offsetAt(r.start),
    end: lines.offsetAt(r.end),
  });

  const model: DockerfileModel = {
    text,
    lines,
    escapeChar,
    syntax: dockerfile.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax')?.getValue() ?? undefined,
    windows: escapeChar === '`',
    stages: [],
    instructions: [],
    comments: [],
  };

  const globalArgs = new Map<string, string | undefined>();
  // Lower-cased stage name → the last stage of that name: a FROM looks its base up here, not in a scan of all stages.
  const stagesByName = new Map<string, StageModel>();
  const finalState = new Map<StageModel, StageState>();
  let stage: StageModel | undefined;
  let state: StageState | undefined;
  let stageArgs = new Map<string, string | undefined>();
  let env: Environment = globalArgs;
  const pendingTriggers: InstructionModel[] = [];

  const closeStage = (): void => {
    if (stage && state) {
      finalState.set(stage, state);
      for (const trigger of pendingTriggers) trigger.volumes = state.volumes;
    }
    pendingTriggers.length = 0;
  };
  const refreshEnv = (): void => {
    const merged = new Map(stageArgs);
    // An ENV always wins over an ARG of the same name.
    for (const [k, v] of state?.env ?? []) merged.set(k, v);
    env = merged;
  };

  for (const node of dockerfile.getInstructions()) {
    const keyword = node.getKeyword();
    // FROM sees only the ARGs declared before the first FROM.
    if (keyword === 'FROM') env = globalArgs;
    const instr = describe(node, keyword);

    if (keyword === 'FROM') {
      closeStage();
      const args = instr.args;
      const imageWord = args[0] ?? { raw: '', value: undefined, range: instr.keywordRange };
      const name = args[1]?.raw.toLowerCase() === 'as' ? args[2]?.raw : undefined;
      const ref = imageWord.value;
      const parent = ref === undefined ? undefined : findStage(model.stages, stagesByName, ref);
      const base: BaseRef = parent
        ? { kind: 'stage', stage: parent, word: imageWord }
        : ref?.toLowerCase() === 'scratch'
          ? { kind: 'scratch', word: imageWord }
          : { kind: 'image', word: imageWord, ref };
      stage = { index: model.stages.length, name, from: instr, base, instructions: [], parent };
      model.stages.push(stage);
      if (name !== undefined) stagesByName.set(name.toLowerCase(), stage);
      instr.stage = stage;
      state = initialState(stage, base, parent ? finalState.get(parent) : undefined, imageWord, escapeChar === '`');
      if (state.shell === 'other') model.windows = true;
      stageArgs = new Map();
      refreshEnv();
      model.instructions.push(instr);
      continue;
    }

    if (!stage || !state) {
      if (keyword === 'ARG') {
        for (const [k, v] of properties(instr, env)) globalArgs.set(k, Object.hasOwn(buildArgs, k) ? buildArgs[k] : v);
        env = new Map(globalArgs);
      }
      model.instructions.push(instr);
      continue;
    }

    stage.instructions.push(instr);
    model.instructions.push(instr);
    switch (keyword) {
      case 'ARG': {
        stageArgs = new Map(stageArgs);
        for (const [k, v, hasValue] of properties(instr, env)) {
          stageArgs.set(k, Object.hasOwn(buildArgs, k) ? buildArgs[k] : hasValue ? v : globalArgs.get(k));
        }
        refreshEnv();
        break;
      }
      case 'ENV': {
        const next = new Map(state.env);
        for (const [k, v] of properties(instr, env)) next.set(k, v);
        state = { ...state, env: next };
        refreshEnv();
        break;
      }
      case 'WORKDIR': {
        const value = instr.args.length === 1 ? instr.args[0]?.value : undefined;
        state = { ...state, workdir: value === undefined ? undefined : resolvePath(value, state.workdir) };
        break;
      }
      case 'SHELL': {
        const program = instr.json ? instr.args[0]?.value : undefined;
        const name = program?.split(/[\\/]/).pop()?.toLowerCase().replace(/\.exe$/, '');
        state = { ...state, shell: name !== undefined && POSIX_SHELLS.has(name) ? 'posix' : 'other' };
        break;
      }
      case 'VOLUME': {
        const declared = instr.args.map<VolumeDecl>((word) => ({
          path: volumePath(word.value),
          word,
          origin: 'stage',
          declaredAt: instr,
          stage: stage as StageModel,
        }));
        state = { ...state, volumes: [...state.volumes, ...declared] };
        break;
      }
      case 'ONBUILD': {
        const trigger = node instanceof Onbuild ? node.getTriggerInstruction() : null;
        if (trigger) {
          const t = describe(trigger, trigger.getKeyword());
          t.onbuild = instr;
          t.stage = stage;
          // Triggers run in the child build, where every volume of this image is already declared.
          pendingTriggers.push(t);
          model.instructions.push(t);
        }
        break;
      }
      default:
        break;
    }
  }
  closeStage();
  model.comments = [...directiveLikeComments(dockerfile, lines, toOffsets), ...topLevelComments(dockerfile.getComments(), model.instructions, toOffsets)];
  return model;

  function describe(node: Instruction, keyword: string): InstructionModel {
    const range = toOffsets(node.getRange());
    const keywordRange = toOffsets(node.getInstructionRange());
    const flags: InstructionModel['flags'] = [];
    let argsStart = keywordRange.end;
    if (node instanceof ModifiableInstruction) {
      for (const flag of node.getFlags()) {
        const fr = toOffsets(flag.getRange());
        const vr = flag.getValueRange();
        const value = flag.getValue();
        flags.push({
          name: flag.getName(),
          value:
            value === null || vr === null
              ? undefined
              : { raw: value, value: expandWord(value, env, escapeChar), range: toOffsets(vr) },
          range: fr,
        });
        argsStart = Math.max(argsStart, fr.end);
      }
    }
    let json = false;
    let args: Word[];
    if (
      node instanceof JSONInstruction &&
      node.getOpeningBracket() !== null &&
      node.getClosingBracket() !== null &&
      isJsonArrayOfStrings(text.slice(argsStart, range.end), escapeChar)
    ) {
      json = true;
      // Exec-form RUN/CMD/ENTRYPOINT see no variable substitution; VOLUME and the like do.
      const substitute = !['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK'].includes(keyword);
      args = node.getJSONStrings().map((s) => {
        const range = toOffsets(s.getRange());
        const raw = text.slice(range.start, range.end);
        const decoded = decodeJsonString(raw);
        return {
          raw,
          value: substitute ? expandWord(decoded, env, escapeChar, false) : decoded,
          range,
        };
      });
    } else {
      args = splitWords(text, argsStart, range.end, escapeChar).map((w) => ({
        raw: w.raw,
        value: keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT' ? w.raw : expandWord(w.raw, env, escapeChar),
        range: w.range,
      }));
    }
    return {
      keyword,
      range,
      keywordRange,
      args,
      flags,
      json,
      stage,
      env,
      workdir: state?.workdir,
      shell: state?.shell ?? 'posix',
      volumes: state?.volumes ?? [],
      node,
    };
  }

  function initialState(
    self: StageModel,
    base: BaseRef,
    parentState: StageState | undefined,
    imageWord: Word,
    backtickEscape: boolean,
  ): StageState {
    if (base.kind === 'stage' && parentState) {
      return {
        env: new Map(parentState.env),
        workdir: parentState.workdir,
        shell: parentState.shell,
        volumes: parentState.volumes.map((v) => (v.origin === 'stage' ? { ...v, origin: 'ancestor' } : v)),
      };
    }
    if (base.kind === 'scratch') return { env: new Map(), workdir: '/', shell: 'posix', volumes: [] };
    const ref = base.kind === 'image' ? base.ref : undefined;
    // An unresolved reference such as `${nanoserverImage}` still names the Windows image it stands for.
    const windows = backtickEscape || (ref === undefined ? WINDOWS_WORD.test(imageWord.raw) : WINDOWS_IMAGE.test(ref));
    const volumes: VolumeDecl[] =
      ref === undefined
        ? []
        : lookupBaseImageVolumes(table, ref).map((known) => ({
            path: known.path,
            word: imageWord,
            origin: 'base-image',
            image: ref,
            source: known.source,
            stage: self,
          }));
    return { env: new Map(), workdir: undefined, shell: windows ? 'other' : 'posix', volumes };
  }

  /** NAME=value pairs of ARG/ENV (and the legacy `ENV NAME value` form), expanded with the scope before them. */
  function properties(instr: InstructionModel, scope: Environment): [string, string | undefined, boolean][] {
    const out: [string, string | undefined, boolean][] = [];
    const words = instr.args;
    const first = words[0];
    if (instr.keyword === 'ENV' && first && !first.raw.includes('=')) {
      const rest = words[1];
      const raw = rest ? text.slice(rest.range.start, instr.range.end).trimEnd() : '';
      out.push([first.raw, expandWord(raw, scope, escapeChar), true]);
      return out;
    }
    for (const w of words) {
      const eq = w.raw.indexOf('=');
      if (eq < 0) out.push([w.raw, undefined, false]);
      else out.push([w.raw.slice(0, eq), expandWord(w.raw.slice(eq + 1), scope, escapeChar), true]);
    }
    return out;
  }
}

/**
 * Builders take the exec (JSON) form only when the whole argument text is a JSON array of strings; anything else
 * (`["/a"] # note`, `["/a",]`, single quotes) is shell form, whatever the brackets suggest.
 */
function isJsonArrayOfStrings(argText: string, escapeChar: string): boolean {
  const joined = argText.split(new RegExp(`${escapeChar === '`' ? '`' : '\\\\'}[ \\t]*\\r?\\n`)).join('');
  try {
    const value: unknown = JSON.parse(joined);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** The parser's own decoding drops spaces and `\\u` escapes; JSON.parse is exact for a well-formed string. */
function decodeJsonString(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'string') return value;
  } catch {
    // A string the builder would also reject: keep its text without the quotes.
  }
  return raw.replace(/^"|"$/g, '');
}

function findStage(stages: readonly StageModel[], byName: ReadonlyMap<string, StageModel>, ref: string): StageModel | undefined {
  const named = byName.get(ref.toLowerCase());
  if (named) return named;
  // `FROM 0` names a stage by index in the classic builder and BuildKit alike.
  if (/^\d+$/.test(ref)) return stages[Number(ref)];
  return undefined;
}

/** Absolute, normalised volume path; undefined when relative or unresolved (the syntax rule reports those). */
function volumePath(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (isWindowsPath(value)) return value;
  if (!value.startsWith('/')) return undefined;
  return normalizePath(value);
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/**
 * The parser takes every `# key=value` line at the top of the file for a parser directive; Docker only knows a few,
 * and the rest (such as `# volint global ignore=...`) are plain comments.
 */
function directiveLikeComments(
  dockerfile: ReturnType<typeof parseDockerfile>,
  lines: LineIndex,
  toOffsets: (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => Offsets,
): CommentModel[] {
  const out: CommentModel[] = [];
  for (const d of dockerfile.getDirectives()) {
    if (KNOWN_DIRECTIVES.has(d.getName().toLowerCase())) continue;
    const line = d.getRange().start.line;
    const text = lines.lineText(line);
    const hash = text.indexOf('#');
    out.push({ text: text.slice(hash + 1).trim(), range: toOffsets({ start: { line, character: 0 }, end: { line, character: text.length } }), line });
  }
  return out;
}

function topLevelComments(
  comments: readonly { getRange(): { start: { line: number; character: number }; end: { line: number; character: number } }; getContent(): string }[],
  instructions: readonly InstructionModel[],
  toOffsets: (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => Offsets,
): CommentModel[] {
  const out: CommentModel[] = [];
  let k = 0;
  for (const c of comments) {
    const range = toOffsets(c.getRange());
    while (k < instructions.length && (instructions[k]?.range.end ?? 0) < range.start) k++;
    const inside = instructions[k];
    if (inside && inside.range.start < range.start && range.start < inside.range.end) continue;
    out.push({ text: c.getContent(), range, line: c.getRange().start.line });
  }
  return out;
}
