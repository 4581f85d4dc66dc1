import { derivedWord, type ArgWord } from '../argv.js';
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

/** `cp`/`mv`/`install`/`rsync`: sources then a destination, or `-t DIR` and sources. */
export function copyLike(sourceKind: EffectKind, recursiveFlags: readonly string[]): CommandSpec['effects'] {
  return (args, io) => {
    const target = args.value('t', 'target-directory');
    const operands = args.operands;
    const destination = target ?? (operands.length >= 2 ? lastOf(operands) : undefined);
    if (!destination) return;
    const sources = target ? operands : operands.slice(0, -1);
    for (const source of sources) io.effect(sourceKind, source);
    io.effect('write', destination, { recursive: args.has(...recursiveFlags) });
  };
}
