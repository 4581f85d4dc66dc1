import { DockerfileParser, Instruction, type Argument, type Dockerfile } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser.js';

/*
 * dockerfile-ast recomputes an instruction's arguments from its text on every getArguments() call, and its own
 * parser asks several times per instruction (JSON-form scan, flag scan, heredoc scan), on two instances of each
 * instruction (one built to look for heredocs, then one kept). Over the corpus that was 60% of the parse. A parsed
 * document never changes, so the first answer can be kept: on the instance for the arguments, and in the parser
 * for the instance it has just built with the same boundaries. test/robustness/parser-memo.test.ts compares the
 * result with an untouched copy of dockerfile-ast over the corpus.
 *
 * The memo is installed on dockerfile-ast's prototypes only for the duration of one synchronous call (withParserMemo):
 * volint is also a library (the API, the ESLint plugin), and another user of dockerfile-ast in the same process must
 * never see a changed prototype. (Memoising on each instance instead, as own methods, made the model build twice as
 * slow: instances with own methods lose V8's shared hidden class.)
 */

const ARGUMENTS = Symbol('volint.arguments');
const LAST_BUILT = Symbol('volint.lastBuilt');

type CreateInstruction = (dockerfile: Dockerfile, keyword: string, start: number, keywordEnd: number, end: number) => Instruction;

interface LastBuilt {
  dockerfile: Dockerfile;
  keyword: string;
  start: number;
  keywordEnd: number;
  end: number;
  node: Instruction;
}

interface MemoInstruction {
  [ARGUMENTS]?: Argument[];
}

interface MemoParser {
  [LAST_BUILT]?: LastBuilt;
  createInstruction?: CreateInstruction;
}

const instructionProto = Instruction.prototype as Instruction & MemoInstruction;
// Read from the descriptor: the original is only ever called with `.call(node)`.
const computeArguments = Object.getOwnPropertyDescriptor(instructionProto, 'getArguments')?.value as (this: Instruction) => Argument[];
function memoizedArguments(this: Instruction & MemoInstruction): Argument[] {
  let args = this[ARGUMENTS];
  if (args === undefined) {
    args = computeArguments.call(this);
    this[ARGUMENTS] = args;
  }
  // Callers shift flags off the array they get.
  return args.slice();
}

const parserProto = Parser.prototype as unknown as MemoParser;
const createInstruction = parserProto.createInstruction;
function reuseLastBuilt(this: MemoParser, dockerfile: Dockerfile, keyword: string, start: number, keywordEnd: number, end: number): Instruction {
  const last = this[LAST_BUILT];
  if (last?.dockerfile === dockerfile && last.start === start && last.keywordEnd === keywordEnd && last.end === end && last.keyword === keyword) {
    return last.node;
  }
  const node = (createInstruction as CreateInstruction).call(this, dockerfile, keyword, start, keywordEnd, end);
  this[LAST_BUILT] = { dockerfile, keyword, start, keywordEnd, end, node };
  return node;
}

/**
 * Runs `build` (synchronous) with the memo installed, and takes it off before returning, whatever happens. The model
 * builder parses and reads the instructions inside one call, so the memo serves both.
 */
export function withParserMemo<T>(build: () => T): T {
  if (installed) return build();
  const ownArguments = Object.prototype.hasOwnProperty.call(instructionProto, 'getArguments');
  const ownCreate = Object.prototype.hasOwnProperty.call(parserProto, 'createInstruction');
  instructionProto.getArguments = memoizedArguments;
  // Guarded: a dockerfile-ast release without this private method parses correctly, only slower.
  if (typeof createInstruction === 'function') parserProto.createInstruction = reuseLastBuilt;
  installed = true;
  try {
    return build();
  } finally {
    installed = false;
    restore(instructionProto, 'getArguments', ownArguments, computeArguments);
    if (typeof createInstruction === 'function') restore(parserProto, 'createInstruction', ownCreate, createInstruction);
  }
}

let installed = false;

/**
 * Drops the arguments kept for the parse once the model has read them. Outside withParserMemo nothing reads them, but
 * they stay on the instances for the life of the model: a 2 MB RUN's Argument objects and their ranges cost ~50 MB.
 */
export function releaseArguments(node: Instruction): void {
  (node as Instruction & MemoInstruction)[ARGUMENTS] = undefined;
}

/** Parses a Dockerfile with dockerfile-ast, asking it for each instruction's arguments once. */
export function parseDockerfile(text: string): Dockerfile {
  return withParserMemo(() => DockerfileParser.parse(text));
}

function restore(target: object, key: string, own: boolean, original: unknown): void {
  if (own) (target as Record<string, unknown>)[key] = original;
  else Reflect.deleteProperty(target, key);
}
