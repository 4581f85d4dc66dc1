import type { ParsedArgs } from '../options.js';
import { eachOperand } from './common.js';
import type { CommandFamily, CommandIO, CommandSpec } from './spec.js';

function readerAfterPattern(args: ParsedArgs, io: CommandIO): void {
  const files = args.has('e', 'regexp', 'f', 'file') ? args.operands : args.operands.slice(1);
  for (const file of files) io.effect('read', file);
}

function sortEffects(args: ParsedArgs, io: CommandIO): void {
  for (const file of args.operands) io.effect('read', file);
  const output = args.value('o', 'output');
  if (output) io.effect('write', output);
}

const READER: CommandSpec = { options: {}, effects: eachOperand('read') };
const HASHER: CommandSpec = { options: { value: ['c'] }, effects: eachOperand('read') };
const GREP: CommandSpec = {
  options: { value: ['e', 'f', 'm', 'A', 'B', 'C', 'd', 'D', 'regexp', 'file', 'max-count', 'after-context', 'before-context', 'context',
    'label', 'include', 'exclude', 'exclude-dir', 'exclude-from', 'binary-files', 'directories', 'devices', 'color', 'colour', 'group-separator'] },
  effects: readerAfterPattern,
};

/** Commands that only read the files they name (and `sort -o`, which also writes one). */
/**
 * `. FILE` / `source FILE` runs FILE in this shell. A name without a slash is looked up in PATH (dash, busybox sh),
 * which volint does not know: only a path with a slash is followed.
 */
const SOURCE: CommandSpec = {
  options: { stopAtOperand: true },
  effects: (args, io) => {
    const [file] = args.operands;
    if (!file) return;
    io.effect('read', file);
    if (file.value?.includes('/')) io.runFile(file, { sourced: true });
  },
};

export const READER_COMMANDS: CommandFamily = [
  ['cat', READER],
  ['ls', { options: { value: ['w', 'width', 'T', 'tabsize', 'I', 'ignore', 'hide', 'format', 'sort', 'time', 'time-style', 'color',
    'block-size', 'quoting-style', 'indicator-style'] }, effects: eachOperand('read') }],
  ['head', { options: { value: ['n', 'c', 'lines', 'bytes'] }, effects: eachOperand('read') }],
  ['tail', { options: { value: ['n', 'c', 's', 'lines', 'bytes', 'pid', 'sleep-interval', 'max-unchanged-stats'] }, effects: eachOperand('read') }],
  ['stat', { options: { value: ['c', 'format', 'printf'] }, effects: eachOperand('read') }],
  ['wc', READER],
  ['md5sum', HASHER],
  ['sha1sum', HASHER],
  ['sha256sum', HASHER],
  ['sha512sum', HASHER],
  ['grep', GREP],
  ['egrep', GREP],
  ['fgrep', GREP],
  ['sort', { options: { value: ['o', 'output', 'k', 'key', 't', 'field-separator', 'S', 'buffer-size', 'T', 'temporary-directory'] }, effects: sortEffects }],
  ['source', SOURCE],
  ['.', SOURCE],
];

