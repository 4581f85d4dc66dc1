import { derivedWord, type ArgWord } from '../argv.js';
import type { ParsedArgs } from '../options.js';
import { here, isStdio } from './common.js';
import type { CommandFamily, CommandIO, CommandSpec } from './spec.js';

const TAR_VALUE_LETTERS = 'fbCgKLNTVXHIF';

/** `tar xzf FILE -C DIR`: the first argument is a bundle of letters whose values follow in order. */
function tarBundle(args: readonly ArgWord[]): readonly ArgWord[] {
  const [bundle, ...rest] = args;
  const letters = bundle?.value;
  if (!bundle || letters === undefined || !/^[A-Za-z]+$/.test(letters)) return args;
  const expanded: ArgWord[] = [];
  let next = 0;
  for (const letter of letters) {
    expanded.push(derivedWord(bundle, '-' + letter));
    const value = TAR_VALUE_LETTERS.includes(letter) ? rest[next] : undefined;
    if (value) {
      expanded.push(value);
      next++;
    }
  }
  return [...expanded, ...rest.slice(next)];
}

function tarEffects(args: ParsedArgs, io: CommandIO): void {
  const archive = args.value('f', 'file');
  const directory = args.value('C', 'directory');
  const hasArchive = archive !== undefined && !isStdio(archive);
  if (args.has('x', 'extract', 'get')) {
    if (archive && hasArchive) io.effect('read', archive);
    if (!args.has('O', 'to-stdout', 'to-command')) io.effect('write', directory ?? here(io.nameWord), { recursive: true });
  } else if (args.has('c', 'create', 'r', 'append', 'u', 'update', 'A', 'catenate', 'concatenate', 'delete')) {
    if (archive && hasArchive) io.effect('write', archive);
    for (const member of args.operands) io.effect('read', member, directory ? { base: directory } : {});
  } else if (archive && hasArchive) {
    io.effect('read', archive);
  }
}

function unzipEffects(args: ParsedArgs, io: CommandIO): void {
  const [archive] = args.operands;
  if (!archive) return;
  io.effect('read', archive);
  if (args.has('l', 't', 'p', 'Z', 'z', 'v')) return;
  io.effect('write', args.value('d') ?? here(io.nameWord), { recursive: true });
}

const TAR: CommandSpec = {
  options: { value: ['f', 'file', 'C', 'directory', 'T', 'files-from', 'X', 'exclude-from', 'b', 'blocking-factor', 'g', 'listed-incremental',
    'K', 'starting-file', 'N', 'newer', 'after-date', 'L', 'tape-length', 'V', 'label', 'H', 'format', 'I', 'use-compress-program', 'F',
    'info-script', 'new-volume-script', 'exclude', 'transform', 'xform', 'strip-components', 'owner', 'group', 'mode', 'mtime', 'sort',
    'suffix', 'record-size', 'to-command', 'index-file', 'newer-mtime', 'pax-option', 'quoting-style', 'rmt-command', 'rsh-command',
    'volno-file', 'level', 'exclude-tag', 'exclude-tag-under', 'exclude-tag-all', 'group-map', 'owner-map', 'xattrs-include',
    'xattrs-exclude', 'hole-detection', 'checkpoint-action', 'warning'] },
  rewrite: tarBundle,
  effects: tarEffects,
};

/** Archivers and unpackers. */
export const ARCHIVE_COMMANDS: CommandFamily = [
  ['tar', TAR],
  ['gtar', TAR],
  ['bsdtar', TAR],
  ['unzip', { options: { value: ['d', 'P'] }, effects: unzipEffects }],
];
