import { derivedWord, wordSuffix, type ArgWord } from '../argv.js';
import { UNKNOWN_PART } from '../../model/path-pattern.js';
import type { ParsedArgs } from '../options.js';
import { eachOperand } from './common.js';
import type { CommandFamily, CommandIO } from './spec.js';

function ddEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  for (const word of raw) {
    if (word.value?.startsWith('of=')) io.effect('write', wordSuffix(word, 3));
    else if (word.value?.startsWith('if=')) io.effect('read', wordSuffix(word, 3));
  }
}

/**
 * `mktemp [-d] [-p DIR | --tmpdir[=DIR]] [TEMPLATE]`: creates a file (or directory) whose name ends in random
 * characters. With a directory given, or a template holding a slash, the place is known; a template alone is made in
 * the working directory; with neither, or a bare `--tmpdir`/`-t`, the place is `$TMPDIR` or /tmp: not followed.
 */
function mktempEffects(args: ParsedArgs, io: CommandIO): void {
  const kind = args.has('d', 'directory') ? 'mkdir' : 'touch';
  const directory = args.value('p', 'tmpdir');
  const [template] = args.operands;
  const known = template?.value;
  if (template && known === undefined) return;
  const name = known === undefined ? `tmp.${UNKNOWN_PART}` : known.replace(/X{3,}$/, UNKNOWN_PART);
  if (directory) {
    io.effect(kind, { ...derivedWord(directory, undefined), partial: `${directory.value ?? directory.partial ?? UNKNOWN_PART}/${name}` });
  } else if (template && !args.has('t', 'tmpdir')) {
    io.effect(kind, { ...derivedWord(template, undefined), partial: name });
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
  // Special files: a FIFO or a device node at the path, like an empty file.
  ['mkfifo', { options: { value: ['m', 'mode', 'context'] }, effects: eachOperand('touch') }],
  ['mknod', {
    options: { value: ['m', 'mode', 'context'] },
    effects: (args, io) => {
      const [file] = args.operands;
      if (file) io.effect('touch', file);
    },
  }],
  ['mktemp', { options: { value: ['p', 'suffix'] }, effects: mktempEffects }],
  ['fallocate', { options: { value: ['l', 'length', 'o', 'offset'] }, effects: eachOperand('write') }],
  ['dd', { effects: ddEffects }],
];
