import { lookupImageFacts, type BaseImageTable } from './base-images.js';
import { environment, extended } from './environment.js';
import { isWindowsPath, normalizePath, resolvePath } from './paths.js';
import type { Environment, InstructionModel, ShellKind, StageModel, VolumeDecl, Word } from './types.js';
import { VolumeScope } from './volume-scope.js';
import { isPosixShellInterpreter } from './shells.js';

/** What a stage has set so far, and what it hands to a stage built `FROM` it. Never mutated: each change makes a new one. */
export interface StageState {
  env: Environment;
  workdir: string | undefined;
  /** The USER in effect: `root` when nothing sets one, undefined when unknown. */
  user: string | undefined;
  shell: ShellKind;
  volumes: VolumeScope;
}

const WINDOWS_IMAGE = /(^|[/:_-])(windows|nanoserver|windowsservercore|servercore)([/:_.-]|$)|ltsc20\d\d/i;
const WINDOWS_WORD = /nanoserver|servercore|windows/i;
/** Base images that are Linux whatever the escape character: the distributions most images start from. */
const LINUX_BASE =
  /^(?:[\w.-]+(?::\d+)?\/)?(?:library\/)?(?:debian|ubuntu|alpine|busybox|centos|fedora|rockylinux|almalinux|amazonlinux|archlinux|oraclelinux|photon|opensuse\/[\w.-]+|(?:redhat\/|ubi\d*\/)?ubi\d*(?:-[\w-]+)?|distroless\/[\w.-]+)(?:[:@]|$)/i;

/** `self`, a stage `FROM` an earlier stage, starts where that one ended; its volumes become the ancestor's. */
export function inheritedState(parent: StageState, self: StageModel): StageState {
  return { ...parent, volumes: parent.volumes.seenFrom(self) };
}

/** `FROM scratch`: nothing is set, and that is known. */
export function scratchState(self: StageModel): StageState {
  return { env: environment([], true), workdir: '/', user: 'root', shell: 'posix', volumes: VolumeScope.empty(self) };
}

/**
 * A stage FROM an external image starts with what the image's config declares, as far as volint knows it: the facts
 * of the base-image table (shipped or configured), else nothing known.
 */
export function imageState(
  self: StageModel,
  ref: string | undefined,
  platform: string | undefined,
  imageWord: Word,
  table: BaseImageTable,
  backtickEscape: boolean,
): StageState {
  const facts = ref === undefined ? undefined : lookupImageFacts(table, ref, platform);
  // An unresolved reference such as `${nanoserverImage}` still names the Windows image it stands for. The backtick
  // escape is a Windows habit, but on an image known to be Linux it is only the escape character.
  const windowsName = ref === undefined ? WINDOWS_WORD.test(imageWord.raw) : WINDOWS_IMAGE.test(ref);
  const knownLinux = ref !== undefined && !windowsName && (facts !== undefined || LINUX_BASE.test(ref));
  const windows = windowsName || (backtickEscape && !knownLinux);
  const volumes: VolumeDecl[] =
    ref === undefined || !facts
      ? []
      : facts.volumes.map((known) => ({ path: known.path, word: imageWord, origin: 'base-image', image: ref, source: known.source, stage: self }));
  return {
    env: environment(facts?.env ?? [], facts?.complete ?? false),
    workdir: facts?.workdir,
    user: facts?.user,
    shell: windows ? 'other' : 'posix',
    volumes: VolumeScope.empty(self).with(volumes),
  };
}

export function withEnv(state: StageState, values: Iterable<readonly [string, string | undefined]>): StageState {
  return { ...state, env: extended(state.env, values) };
}

export function withWorkdir(state: StageState, instr: InstructionModel): StageState {
  const value = instr.args.length === 1 ? instr.args[0]?.value : undefined;
  return { ...state, workdir: value === undefined ? undefined : resolvePath(value, state.workdir) };
}

export function withUser(state: StageState, instr: InstructionModel): StageState {
  const value = instr.args.length === 1 ? instr.args[0]?.value : undefined;
  return { ...state, user: value === '' ? undefined : value };
}

export function withShell(state: StageState, instr: InstructionModel): StageState {
  const program = instr.json ? instr.args[0]?.value : undefined;
  return { ...state, shell: program !== undefined && isPosixShellInterpreter(program) ? 'posix' : 'other' };
}

export function withVolumes(state: StageState, instr: InstructionModel, stage: StageModel): StageState {
  const declared = instr.args.map<VolumeDecl>((word) => ({ path: volumePath(word.value), word, origin: 'stage', declaredAt: instr, stage }));
  return { ...state, volumes: state.volumes.with(declared) };
}

/** Absolute, normalised volume path; undefined when relative or unresolved (the syntax rule reports those). */
export function volumePath(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (isWindowsPath(value)) return value;
  if (!value.startsWith('/')) return undefined;
  return normalizePath(value);
}
