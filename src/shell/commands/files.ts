import { wordSuffix, type ArgWord } from '../argv.js';
import type { ParsedArgs } from '../options.js';
import { eachOperand } from './common.js';
import type { CommandFamily, CommandIO } from './spec.js';

function ddEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  for (const word of raw) {
    if (word.value?.startsWith('of=')) io.effect('write', wordSuffix(word, 3));
    else if (word.value?.startsWith('if=')) io.effect('read', wordSuffix(word, 3));
  }
}
/** Commands that create, fill, truncate or delete files by name. */
export const FILE_COMMANDS: CommandFamily = [
  ['mkdir', { options: { value: ['m', 'mode'] }, effects: eachOperand('mkdir') }],
  ['touch', { options: { value: ['d', 'date', 'r', 'reference', 't'] }, effects: eachOperand('touch') }],
  ['rm', { options: {}, effects: eachOperand('delete', ['r', 'R', 'recursive']) }],
  ['rmdir', { options: {}, effects: eachOperand('delete') }],
  ['unlink', { options: {}, effects: eachOperand('delete') }],
  ['tee', { options: {}, effects: eachOperand('write') }],
  ['truncate', { options: { value: ['s', 'size', 'r', 'reference'] }, effects: eachOperand('write') }],
  ['fallocate', { options: { value: ['l', 'length', 'o', 'offset'] }, effects: eachOperand('write') }],
  ['dd', { effects: ddEffects }],
];
