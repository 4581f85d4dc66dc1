import type { Instruction } from 'dockerfile-ast';
import { extended, fromScope } from './environment.js';
import { declarations, readInstruction, type InstructionScope, type SourceText } from './read-instruction.js';
import type { Environment, InstructionModel, Word } from './types.js';
import { VolumeScope } from './volume-scope.js';

/** Instructions before the first FROM see no volume. */
const NO_VOLUMES = VolumeScope.empty(undefined);

/** An image a FROM names, with the `--platform` it asks for. */
export interface FromImage {
  ref: string;
  platform: string | undefined;
}

/** A FROM as the build reads it: what it names and what it calls its stage. */
export interface FromLine<S> {
  instr: InstructionModel;
  imageWord: Word;
  /** The stage name after `AS`. */
  name: string | undefined;
  /** The image word, expanded; undefined when a variable in it has no known value. */
  ref: string | undefined;
  /** The earlier stage it builds on, by name or index. */
  parent: S | undefined;
}

/**
 * How a build reads its FROM lines: each sees the ARGs declared before the first FROM (a `--build-arg` value over the
 * default) and nothing else, and names an earlier stage (by name or index), `scratch`, or an image. The model builder
 * reads them here, and so does `--resolve-images`, which needs a file's images before it can build its model.
 */
export class FromReader<S> {
  /** The ARGs declared before the first FROM: all a FROM can see, so any other name is unset there. */
  private globals: Environment = fromScope();
  /** Lower-cased stage name → the last stage of that name: a FROM looks its base up here, not in a scan of all stages. */
  private readonly byName = new Map<string, S>();
  private readonly stages: S[] = [];

  constructor(
    private readonly source: SourceText,
    private readonly buildArgs: Readonly<Record<string, string>>,
  ) {}

  /** What an instruction before the first FROM, and every FROM, sees. */
  globalScope(): InstructionScope {
    return { stage: undefined, env: this.globals, workdir: undefined, user: undefined, shell: 'posix', volumes: NO_VOLUMES };
  }

  /** The value of a global ARG, for an ARG without a value in a stage (a redeclared global ARG). */
  globalValue(name: string): string | undefined {
    return this.globals.get(name);
  }

  /** A `--build-arg` value, which wins over an ARG's default. */
  override(name: string): string | undefined {
    return Object.hasOwn(this.buildArgs, name) ? this.buildArgs[name] : undefined;
  }

  /** Reads an instruction before the first FROM: an ARG adds to what the FROMs see. */
  readGlobal(node: Instruction, keyword: string): InstructionModel {
    const instr = readInstruction(node, keyword, this.source, this.globalScope());
    if (keyword === 'ARG') {
      this.globals = extended(
        this.globals,
        declarations(instr, this.globals, this.source).map(([k, v]) => [k, this.override(k) ?? v] as const),
      );
    }
    return instr;
  }

  /** Reads a FROM; the caller then adds the stage it starts (addStage), so that later FROMs can name it. */
  readFrom(node: Instruction): FromLine<S> {
    const instr = readInstruction(node, 'FROM', this.source, this.globalScope());
    const imageWord: Word = instr.args[0] ?? { raw: '', value: undefined, range: instr.keywordRange };
    const name = instr.args[1]?.raw.toLowerCase() === 'as' ? instr.args[2]?.raw : undefined;
    const ref = imageWord.value;
    return { instr, imageWord, name, ref, parent: ref === undefined ? undefined : this.findStage(ref) };
  }

  addStage(stage: S, name: string | undefined): void {
    this.stages.push(stage);
    if (name !== undefined) this.byName.set(name.toLowerCase(), stage);
  }

  private findStage(ref: string): S | undefined {
    const named = this.byName.get(ref.toLowerCase());
    if (named !== undefined) return named;
    // `FROM 0` names a stage by index in the classic builder and BuildKit alike.
    if (/^\d+$/.test(ref)) return this.stages[Number(ref)];
    return undefined;
  }
}

/** `FROM scratch`: the empty image, which has no config to read. */
export function isScratch(ref: string | undefined): boolean {
  return ref?.toLowerCase() === 'scratch';
}

/** Whether a FROM that names no earlier stage names an image whose config can be read. */
export function namesImage(ref: string | undefined): ref is string {
  return ref !== undefined && !isScratch(ref);
}

/** The `--platform` a FROM asks for. */
export function platformOf(from: InstructionModel): string | undefined {
  return from.flags.find((f) => f.name.toLowerCase() === 'platform')?.value?.value;
}
