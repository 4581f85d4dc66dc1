import { derivedWord, entryBelow, type ArgWord } from '../argv.js';
import { baseName } from '../../model/paths.js';
import type { EffectKind } from '../types.js';
import type { CommandSpec } from './spec.js';

/** The working directory, standing in for a command that writes there without naming it. */
export function here(word: ArgWord): ArgWord {
  return derivedWord(word, '.');
}

export function isStdio(word: ArgWord | undefined): boolean {
  return word?.value === '-';
}

export function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}

/** Every operand gets the same effect (`mkdir a b`, `rm -r a b`). */
export function eachOperand(kind: EffectKind, recursiveFlags: readonly string[] = []): CommandSpec['effects'] {
  return (args, io) => {
    const recursive = args.has(...recursiveFlags);
    for (const operand of args.operands) io.effect(kind, operand, { recursive });
  };
}

/**
 * `cp`/`mv`/`install`: sources then a destination, or `-t DIR` and sources. Into a directory (`-t DIR`, several sources,
 * or a destination ending in `/`) each source lands at `DIR/basename(source)`; otherwise at the destination itself,
 * which may also be an existing directory (not known here: the destination is what is certain).
 */
export function copyLike(sourceKind: EffectKind, recursiveFlags: readonly string[]): CommandSpec['effects'] {
  return (args, io) => {
    const target = args.value('t', 'target-directory');
    const operands = args.operands;
    const destination = target ?? (operands.length >= 2 ? lastOf(operands) : undefined);
    if (!destination) return;
    const sources = target ? operands : operands.slice(0, -1);
    for (const source of sources) io.effect(sourceKind, source);
    const recursive = args.has(...recursiveFlags);
    const known = destination.value ?? destination.partial;
    const intoDirectory = !args.has('T', 'no-target-directory') && (target !== undefined || sources.length > 1 || (known?.endsWith('/') ?? false));
    if (!intoDirectory) {
      io.effect('write', destination, { recursive });
      return;
    }
    for (const source of sources) io.effect('write', childOf(destination, source), { recursive });
  };
}

/** `DIR/basename(source)`; something below DIR when the name is not known (a glob or an unknown source). */
export function childOf(directory: ArgWord, source: ArgWord): ArgWord {
  const name = source.value === undefined || source.glob ? undefined : baseName(source.value);
  if (name === undefined) return entryBelow(directory);
  if (directory.value !== undefined) return derivedWord(directory, `${directory.value.replace(/\/+$/, '')}/${name}`);
  if (directory.partial === undefined) return directory;
  return { ...derivedWord(directory, undefined), partial: `${directory.partial.replace(/\/+$/, '')}/${name}` };
}
