import { Onbuild } from 'dockerfile-ast';
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { LineIndex } from '../text/line-index.js';
import { defaultBaseImageTable, type BaseImageTable } from './base-images.js';
import { fileComments } from './comments.js';
import { environment, extended, layered } from './environment.js';
import { FromReader, isScratch, namesImage, platformOf, type FromImage } from './from-lines.js';
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
import type { BaseRef, DockerfileModel, Environment, InstructionModel, StageModel } from './types.js';

export interface ModelOptions {
  /** `--build-arg` values: they override ARG defaults. */
  buildArgs?: Readonly<Record<string, string>>;
  baseImages?: BaseImageTable;
}

/** A Dockerfile parsed, not yet modelled: what parseForModel gives, for fromImagesOf and then buildModel. */
export interface ParsedDockerfile {
  readonly dockerfile: Dockerfile;
  readonly source: SourceText;
}

/** Builds the model the rules query: stages, scope of ARG/ENV, WORKDIR, USER, SHELL and the volumes in scope. */
export function buildModel(text: string | ParsedDockerfile, options: ModelOptions = {}): DockerfileModel {
  return withParserMemo(() => modelOf(typeof text === 'string' ? parseForModel(text) : text, options));
}

/** Parses a Dockerfile for buildModel, when something must be read from it before the model is built. */
export function parseForModel(text: string): ParsedDockerfile {
  const dockerfile = parseDockerfile(text);
  return { dockerfile, source: sourceText(text, new LineIndex(text), dockerfile.getEscapeCharacter()) };
}

/**
 * The images the FROMs of a parsed Dockerfile name (earlier stages and `scratch` left out), read as the model reads
 * them, without building the model: `--resolve-images` needs them to know the table the model is built with.
 */
export function fromImagesOf(parsed: ParsedDockerfile, buildArgs: Readonly<Record<string, string>> = {}): FromImage[] {
  return withParserMemo(() => {
    const reader = new FromReader<number>(parsed.source, buildArgs);
    const out: FromImage[] = [];
    let stages = 0;
    for (const node of parsed.dockerfile.getInstructions()) {
      const keyword = node.getKeyword();
      if (keyword === 'FROM') {
        const from = reader.readFrom(node);
        if (from.parent === undefined && namesImage(from.ref)) out.push({ ref: from.ref, platform: platformOf(from.instr) });
        reader.addStage(stages++, from.name);
      } else if (stages === 0 && keyword === 'ARG') {
        // Only the ARGs before the first FROM reach a FROM.
        reader.readGlobal(node, keyword);
      }
    }
    return out;
  });
}

function modelOf(parsed: ParsedDockerfile, options: ModelOptions): DockerfileModel {
  const { dockerfile, source } = parsed;
  const escapeChar = source.escapeChar;
  const model: DockerfileModel = {
    text: source.text,
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
  private readonly froms: FromReader<StageModel>;
  private open: OpenStage | undefined;
  private readonly finalState = new Map<StageModel, StageState>();
  /** The ARGs each stage ended with: a stage built FROM it inherits them ("inherited from parent stages"). */
  private readonly finalArgs = new Map<StageModel, Environment>();
  /** ARGs and ENV together as each stage ended: where a stage built FROM it starts. */
  private readonly finalEnv = new Map<StageModel, Environment>();

  constructor(
    private readonly model: DockerfileModel,
    private readonly source: SourceText,
    buildArgs: Readonly<Record<string, string>>,
    private readonly table: BaseImageTable,
  ) {
    this.froms = new FromReader(source, buildArgs);
  }

  add(node: Instruction): void {
    const keyword = node.getKeyword();
    if (keyword === 'FROM') {
      this.startStage(node);
      return;
    }
    const open = this.open;
    if (!open) {
      this.model.instructions.push(this.froms.readGlobal(node, keyword));
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
    const { instr, imageWord, name, ref, parent } = this.froms.readFrom(node);
    const base: BaseRef = parent
      ? { kind: 'stage', stage: parent, word: imageWord }
      : isScratch(ref)
        ? { kind: 'scratch', word: imageWord }
        : { kind: 'image', word: imageWord, ref };
    const stage: StageModel = { index: this.model.stages.length, name, from: instr, base, instructions: [], parent };
    this.model.stages.push(stage);
    this.froms.addStage(stage, name);
    instr.stage = stage;
    this.model.instructions.push(instr);
    const parentState = parent ? this.finalState.get(parent) : undefined;
    const state = parentState
      ? inheritedState(parentState, stage)
      : base.kind === 'scratch'
        ? scratchState(stage)
        : imageState(stage, ref, platformOf(instr), imageWord, this.table, this.source.escapeChar === '`');
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
          ([k, v, hasValue]) => [k, this.froms.override(k) ?? (hasValue ? v : this.froms.globalValue(k))] as const,
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

  private stageScope(open: OpenStage): InstructionScope {
    const { state } = open;
    return { stage: open.stage, env: open.env, workdir: state.workdir, user: state.user, shell: state.shell, volumes: state.volumes };
  }
}
