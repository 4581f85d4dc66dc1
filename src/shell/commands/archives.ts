import { derivedWord, wordSuffix, type ArgWord } from '../argv.js';
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

/**
 * A decompressor writes each `NAME.SUFFIX` operand to `NAME` beside it (`.tgz` to `.tar`), unless it writes to standard
 * output or only tests or lists. An operand without a known suffix is refused by the tool: nothing is written.
 */
function decompressor(suffixes: Readonly<Record<string, string>>, decompressFlags: readonly string[] | 'always', outputOption?: string): CommandSpec['effects'] {
  return (args, io) => {
    if (decompressFlags !== 'always' && !args.has(...decompressFlags)) return;
    if (args.has('c', 'stdout', 'to-stdout', 't', 'test', 'l', 'list')) return;
    const output = outputOption ? args.value(outputOption) : undefined;
    if (output) {
      if (!isStdio(output)) io.effect('write', output);
      return;
    }
    for (const file of args.operands) {
      if (isStdio(file)) continue;
      io.effect('read', file);
      const name = file.value;
      const suffix = name === undefined ? undefined : Object.keys(suffixes).find((s) => name.endsWith(s) && name.length > s.length);
      if (name !== undefined && suffix !== undefined) io.effect('write', derivedWord(file, name.slice(0, -suffix.length) + (suffixes[suffix] ?? '')));
    }
  };
}

const GZIP_SUFFIXES = { '.gz': '', '.tgz': '.tar', '.taz': '.tar', '-gz': '', '.z': '', '-z': '', '_z': '' };
const BZIP2_SUFFIXES = { '.bz2': '', '.bz': '', '.tbz2': '.tar', '.tbz': '.tar' };
const XZ_SUFFIXES = { '.xz': '', '.txz': '.tar', '.lzma': '', '.tlz': '.tar' };
const ZSTD_SUFFIXES = { '.zst': '', '.tzst': '.tar' };
const GZIP_OPTIONS = { value: ['S', 'suffix'] };
const XZ_OPTIONS = { value: ['S', 'suffix', 'F', 'format', 'C', 'check', 'T', 'threads', 'M', 'memlimit', 'memory', 'files', 'files0',
  'filters', 'block-size', 'block-list'] };
const ZSTD_OPTIONS = { value: ['o', 'D', 'T', 'threads', 'memory', 'patch-from', 'output-dir-flat', 'output-dir-mirror', 'format'] };

/** `7z x ARCHIVE -oDIR` (and `e`): extracts into DIR (attached to -o), or the working directory. */
function sevenZipEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  const [command, ...rest] = raw;
  if (command?.value !== 'x' && command?.value !== 'e') return;
  const archive = rest.find((w) => w.value === undefined || !w.value.startsWith('-'));
  if (archive) io.effect('read', archive);
  const output = rest.find((w) => w.value?.startsWith('-o'));
  io.effect('write', output ? wordSuffix(output, 2) : here(command), { recursive: true });
}

/** `cpio -i [-D DIR]` (copy-in) writes what it extracts into DIR or the working directory; `-p DIR` (pass-through) into DIR. */
function cpioEffects(args: ParsedArgs, io: CommandIO): void {
  const directory = args.value('D', 'directory');
  if (args.has('i', 'extract')) {
    if (!args.has('t', 'list')) io.effect('write', directory ?? here(io.nameWord), { recursive: true });
  } else if (args.has('p', 'pass-through')) {
    const [destination] = args.operands;
    if (destination) io.effect('write', destination, { recursive: true, ...(directory ? { base: directory } : {}) });
  }
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
  ['gzip', { options: GZIP_OPTIONS, effects: decompressor(GZIP_SUFFIXES, ['d', 'decompress', 'uncompress']) }],
  ['gunzip', { options: GZIP_OPTIONS, effects: decompressor(GZIP_SUFFIXES, 'always') }],
  ['pigz', { options: { value: ['S', 'suffix', 'p', 'processes', 'b', 'blocksize'] }, effects: decompressor(GZIP_SUFFIXES, ['d', 'decompress']) }],
  ['bzip2', { options: {}, effects: decompressor(BZIP2_SUFFIXES, ['d', 'decompress']) }],
  ['bunzip2', { options: {}, effects: decompressor(BZIP2_SUFFIXES, 'always') }],
  ['xz', { options: XZ_OPTIONS, effects: decompressor(XZ_SUFFIXES, ['d', 'decompress', 'uncompress']) }],
  ['unxz', { options: XZ_OPTIONS, effects: decompressor(XZ_SUFFIXES, 'always') }],
  ['zstd', { options: ZSTD_OPTIONS, effects: decompressor(ZSTD_SUFFIXES, ['d', 'decompress', 'uncompress'], 'o') }],
  ['unzstd', { options: ZSTD_OPTIONS, effects: decompressor(ZSTD_SUFFIXES, 'always', 'o') }],
  ['7z', { effects: sevenZipEffects }],
  ['7za', { effects: sevenZipEffects }],
  ['7zr', { effects: sevenZipEffects }],
  ['cpio', { options: { value: ['D', 'directory', 'H', 'format', 'E', 'pattern-file', 'F', 'file', 'I', 'O', 'M', 'message', 'R', 'owner', 'C', 'io-size', 'block-size'] }, effects: cpioEffects }],
];
