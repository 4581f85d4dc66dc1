import { Onbuild } from 'dockerfile-ast';
import type { Instruction } from 'dockerfile-ast';
import { LineIndex } from '../text/line-index.js';
import { defaultBaseImageTable, type BaseImageTable } from './base-images.js';
import { fileComments } from './comments.js';
import { environment, extended, fromScope, layered } from './environment.js';
import { parseDockerfile, releaseArguments, withParserMemo } from './parse-dockerfile.js';
import { declarations, readInstruction, sourceText, type InstructionScope, type SourceText } from './read-instruction.js';
import {
  imageState,
  inheritedState,
  scratchState,
  withEnv,
  withShell,
  withUser,
  withVolumes,
  withWorkdir,
  type StageState,
} from './stage-state.js';
import type { BaseRef, DockerfileModel, Environment, InstructionModel, StageModel, Word } from './types.js';
import { VolumeScope } from './volume-scope.js';

export interface ModelOptions {
  /** `--build-arg` values: they override ARG defaults. */
  buildArgs?: Readonly<Record<string, string>>;
  baseImages?: BaseImageTable;
}

/** Builds the model the rules query: stages, scope of ARG/ENV, WORKDIR, USER, SHELL and the volumes in scope. */
export function buildModel(text: string, options: ModelOptions = {}): DockerfileModel {
  return withParserMemo(() => modelOf(text, options));
}

function modelOf(text: string, options: ModelOptions): DockerfileModel {
  const dockerfile = parseDockerfile(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const source = sourceText(text, new LineIndex(text), escapeChar);
  const model: DockerfileModel = {
    text,
    lines: source.lines,
    escapeChar,
    syntax: dockerfile.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax')?.getValue() ?? undefined,
    windows: escapeChar === '`',
    stages: [],
    instructions: [],
    comments: [],
  };
  const builder = new StageBuilder(model, source, options.buildArgs ?? {}, options.baseImages ?? defaultBaseImageTable());
  for (const node of dockerfile.getInstructions()) builder.add(node);
  builder.finish();
  model.comments = fileComments(dockerfile, source.lines, model.instructions, source.toOffsets);
  for (const instr of model.instructions) releaseArguments(instr.node);
  return model;
}

/** Instructions before the first FROM see no volume. */
const NO_VOLUMES = VolumeScope.empty(undefined);

/** The stage being read: its model, what it has set so far, and the ARGs it declared. */
interface OpenStage {
  stage: StageModel;
  state: StageState;
  args: Environment;
  /** ARGs and ENV together, as the next instruction sees them (an ENV wins over an ARG of the same name). */
  env: Environment;
  /** ONBUILD triggers: they run in the child build, where every volume of this image is already declared. */
  triggers: InstructionModel[];
}

/** Reads instructions in file order; each one sees the scope the ones before it left. */
class StageBuilder {
  /** The ARGs declared before the first FROM: all a FROM can see, so any other name is unset there. */
  private globals: Environment = fromScope();
  private open: OpenStage | undefined;
  /** Lower-cased stage name → the last stage of that name: a FROM looks its base up here, not in a scan of all stages. */
  private readonly byName = new Map<string, StageModel>();
  private readonly finalState = new Map<StageModel, StageState>();
  /** The ARGs each stage ended with: a stage built FROM it inherits them ("inherited from parent stages"). */
  private readonly finalArgs = new Map<StageModel, Environment>();
  /** ARGs and ENV together as each stage ended: where a stage built FROM it starts. */
  private readonly finalEnv = new Map<StageModel, Environment>();

  constructor(
    private readonly model: DockerfileModel,
    private readonly source: SourceText,
    private readonly buildArgs: Readonly<Record<string, string>>,
    private readonly table: BaseImageTable,
  ) {}

  add(node: Instruction): void {
    const keyword = node.getKeyword();
    if (keyword === 'FROM') {
      this.startStage(node);
      return;
    }
    const open = this.open;
    if (!open) {
      const instr = this.read(node, keyword, this.globalScope());
      if (keyword === 'ARG') {
        this.globals = extended(
          this.globals,
          declarations(instr, this.globals, this.source).map(([k, v]) => [k, this.override(k) ?? v] as const),
        );
      }
      this.model.instructions.push(instr);
      return;
    }
    const instr = this.read(node, keyword, this.stageScope(open));
    open.stage.instructions.push(instr);
    this.model.instructions.push(instr);
    this.apply(open, instr, node);
  }

  finish(): void {
    const open = this.open;
    if (!open) return;
    this.finalState.set(open.stage, open.state);
    this.finalArgs.set(open.stage, open.args);
    this.finalEnv.set(open.stage, open.env);
    for (const trigger of open.triggers) trigger.volumeScope = open.state.volumes;
    this.open = undefined;
  }

  private startStage(node: Instruction): void {
    this.finish();
    const instr = this.read(node, 'FROM', this.globalScope());
    const imageWord: Word = instr.args[0] ?? { raw: '', value: undefined, range: instr.keywordRange };
    const name = instr.args[1]?.raw.toLowerCase() === 'as' ? instr.args[2]?.raw : undefined;
    const ref = imageWord.value;
    const parent = ref === undefined ? undefined : this.findStage(ref);
    const base: BaseRef = parent
      ? { kind: 'stage', stage: parent, word: imageWord }
      : ref?.toLowerCase() === 'scratch'
        ? { kind: 'scratch', word: imageWord }
        : { kind: 'image', word: imageWord, ref };
    const stage: StageModel = { index: this.model.stages.length, name, from: instr, base, instructions: [], parent };
    this.model.stages.push(stage);
    if (name !== undefined) this.byName.set(name.toLowerCase(), stage);
    instr.stage = stage;
    this.model.instructions.push(instr);
    const parentState = parent ? this.finalState.get(parent) : undefined;
    const state = parentState
      ? inheritedState(parentState, stage)
      : base.kind === 'scratch'
        ? scratchState(stage)
        : imageState(stage, ref, imageWord, this.table, this.source.escapeChar === '`');
    if (state.shell === 'other') this.model.windows = true;
    const args = (parent ? this.finalArgs.get(parent) : undefined) ?? environment([], true);
    const env = (parent ? this.finalEnv.get(parent) : undefined) ?? layered(args, state.env);
    this.open = { stage, state, args, env, triggers: [] };
  }

  private apply(open: OpenStage, instr: InstructionModel, node: Instruction): void {
    switch (instr.keyword) {
      case 'ARG': {
        // An ARG without a value takes the global one of that name, if any (a redeclared global ARG).
        const values = declarations(instr, open.env, this.source).map(
          ([k, v, hasValue]) => [k, this.override(k) ?? (hasValue ? v : this.globals.get(k))] as const,
        );
        open.args = extended(open.args, values);
        // An ENV of the same name wins over the ARG.
        open.env = extended(open.env, values.filter(([k]) => !open.state.env.has(k)));
        return;
      }
      case 'ENV': {
        const values = declarations(instr, open.env, this.source).map(([k, v]) => [k, v] as const);
        open.state = withEnv(open.state, values);
        // `open.env` is `layered(open.args, open.state.env)`, kept up to date rather than made again: that would copy
        // every variable of a long chain of stages at each ARG and ENV.
        open.env = extended(open.env, values);
        return;
      }
      case 'WORKDIR':
        open.state = withWorkdir(open.state, instr);
        return;
      case 'USER':
        open.state = withUser(open.state, instr);
        return;
      case 'SHELL':
        open.state = withShell(open.state, instr);
        return;
      case 'VOLUME':
        open.state = withVolumes(open.state, instr, open.stage);
        return;
      case 'ONBUILD': {
        const trigger = node instanceof Onbuild ? node.getTriggerInstruction() : null;
        if (trigger) {
          const t = this.read(trigger, trigger.getKeyword(), this.stageScope(open));
          t.onbuild = instr;
          open.triggers.push(t);
          this.model.instructions.push(t);
        }
        return;
      }
      default:
        return;
    }
  }

  private read(node: Instruction, keyword: string, scope: InstructionScope): InstructionModel {
    return readInstruction(node, keyword, this.source, scope);
  }

  private globalScope(): InstructionScope {
    return { stage: undefined, env: this.globals, workdir: undefined, user: undefined, shell: 'posix', volumes: NO_VOLUMES };
  }

  private stageScope(open: OpenStage): InstructionScope {
    const { state } = open;
    return { stage: open.stage, env: open.env, workdir: state.workdir, user: state.user, shell: state.shell, volumes: state.volumes };
  }

  private override(name: string): string | undefined {
    return Object.hasOwn(this.buildArgs, name) ? this.buildArgs[name] : undefined;
  }

  private findStage(ref: string): StageModel | undefined {
    const named = this.byName.get(ref.toLowerCase());
    if (named) return named;
    // `FROM 0` names a stage by index in the classic builder and BuildKit alike.
    if (/^\d+$/.test(ref)) return this.model.stages[Number(ref)];
    return undefined;
  }
}
