import type { ParsedArgs } from '../options.js';
import type { CommandFamily, CommandIO } from './spec.js';

function sedEffects(args: ParsedArgs, io: CommandIO): void {
  if (!args.has('i', 'in-place')) return;
  const files = args.has('e', 'expression', 'f', 'file') ? args.operands : args.operands.slice(1);
  for (const file of files) io.effect('write', file);
}

/** Editors that change files in place. */
export const EDITOR_COMMANDS: CommandFamily = [
  ['sed', { options: { value: ['e', 'expression', 'f', 'file', 'l', 'line-length'], attachedValue: ['i'] }, effects: sedEffects }],
];
