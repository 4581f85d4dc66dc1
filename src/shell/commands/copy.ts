import { derivedWord, type ArgWord } from '../argv.js';
import type { OptionSpec, ParsedArgs } from '../options.js';
import { baseName } from '../../model/paths.js';
import { copyLike, eachOperand, lastOf } from './common.js';
import type { CommandFamily, CommandIO } from './spec.js';

function lnEffects(args: ParsedArgs, io: CommandIO): void {
  const target = args.value('t', 'target-directory');
  const operands = args.operands;
  const link = lastOf(operands);
  if (target) io.effect('write', target);
  else if (operands.length === 1 && link) io.effect('write', derivedWord(link, link.value === undefined ? undefined : baseName(link.value)));
  else if (link) io.effect('write', link);
}

function rsyncEffects(args: ParsedArgs, io: CommandIO): void {
  const operands = args.operands;
  const destination = lastOf(operands);
  if (operands.length < 2 || !destination) return;
  const isRemote = (word: ArgWord): boolean => /^[^/]*:/.test(word.value ?? '');
  for (const source of operands.slice(0, -1)) if (!isRemote(source)) io.effect('read', source);
  if (!isRemote(destination)) io.effect('write', destination, { recursive: args.has('r', 'recursive', 'a', 'archive') });
}

const MKDIR_EACH = eachOperand('mkdir');
const INSTALL_FILES = copyLike('read', []);
const CP_OPTIONS: OptionSpec = { value: ['t', 'target-directory', 'S', 'suffix'] };

/** Commands that copy, move, install or link files to a destination. */
export const COPY_COMMANDS: CommandFamily = [
  ['cp', { options: CP_OPTIONS, effects: copyLike('read', ['r', 'R', 'recursive', 'a', 'archive']) }],
  ['mv', { options: CP_OPTIONS, effects: copyLike('delete', []) }],
  ['install', {
    options: { value: ['m', 'mode', 'o', 'owner', 'g', 'group', 'S', 'suffix', 't', 'target-directory', 'strip-program'] },
    effects: (args, io, raw) => {
      if (!args.has('d', 'directory')) {
        INSTALL_FILES(args, io, raw);
        return;
      }
      MKDIR_EACH(args, io, raw);
      // `install -d -o app /data` sets the owner and mode of directories that already exist, too.
      if (args.has('m', 'mode', 'o', 'owner', 'g', 'group')) for (const directory of args.operands) io.effect('permission', directory);
    },
  }],
  ['ln', { options: { value: ['t', 'target-directory', 'S', 'suffix'] }, effects: lnEffects }],
  ['rsync', {
    options: { value: ['e', 'rsh', 'f', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'T', 'temp-dir', 'B',
      'block-size', 'chown', 'chmod', 'usermap', 'groupmap', 'log-file', 'partial-dir', 'compare-dest', 'copy-dest', 'link-dest',
      'backup-dir', 'suffix', 'timeout', 'contimeout', 'port', 'password-file', 'bwlimit', 'info', 'debug', 'out-format', 'M',
      'remote-option', 'max-size', 'min-size', 'max-delete', 'iconv', 'protocol', 'checksum-choice', 'compress-choice',
      'compress-level', 'skip-compress', 'outbuf', 'modify-window', 'stop-after', 'stop-at'] },
    effects: rsyncEffects,
  }],
];
