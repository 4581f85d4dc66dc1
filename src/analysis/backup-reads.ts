import { normalizePath } from '../model/paths.js';
import type { CliWord } from '../scripts/docker-cli.js';
import { ScriptSource, walkCommands, type ArgWord } from '../shell/index.js';
import type { Offsets } from '../text/line-index.js';
import { POSIX_SHELLS, programName } from '../model/shells.js';

/** A path an archiving command in a container reads: `tar c … PATH`, `cp -a PATH DEST`, `rsync -a PATH DEST`. */
export interface BackupRead {
  path: string;
  range: Offsets;
  command: string;
}

const TAR_VALUE_SHORT = new Set(['f', 'C', 'T', 'X', 'b', 'H', 'I', 'g', 'N', 'V', 'K', 'L']);
const TAR_VALUE_LONG = new Set(['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'format', 'use-compress-program', 'listed-incremental',
  'newer', 'label', 'starting-file', 'tape-length', 'blocking-factor', 'owner', 'group', 'mode', 'transform', 'xform']);

/**
 * The absolute paths the command of a `docker run` archives or copies from; relative ones are skipped (the working
 * directory of the image is not known). `sh -c '…'` scripts are walked with the shell analysis.
 */
export function backupReads(command: readonly CliWord[]): BackupRead[] {
  const argv = command.map((w) => w.word);
  const first = command[0]?.text;
  if (first !== undefined && POSIX_SHELLS.has(programName(first))) {
    const c = command.findIndex((w) => w.text === '-c');
    const script = c >= 0 ? command[c + 1] : undefined;
    if (!script?.known) return [];
    const reads: BackupRead[] = [];
    const source = script.word.source() ?? ScriptSource.spanning(script.text, script.range);
    walkCommands(source, new Map(), (words) => reads.push(...argvReads(words)));
    return reads;
  }
  return argvReads(argv);
}

function argvReads(argv: readonly ArgWord[]): BackupRead[] {
  const name = argv[0]?.value;
  if (name === undefined) return [];
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'tar') return tarReads(argv.slice(1));
  if (base === 'cp' || base === 'rsync') return copyReads(base, argv.slice(1));
  return [];
}

function tarReads(args: readonly ArgWord[]): BackupRead[] {
  let create = false;
  let directory: string | undefined = undefined;
  let directoryKnown = true;
  let directoryWord: ArgWord | undefined;
  const operands: { word: ArgWord; dir: string | undefined; dirKnown: boolean; dirWord: ArgWord | undefined }[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = word?.value;
    if (!word) continue;
    if (text === undefined) {
      operands.push({ word, dir: directory, dirKnown: directoryKnown, dirWord: directoryWord });
      continue;
    }
    // The old style: a first word of letters without a dash (`cvf`), its value letters taking the next words.
    const oldStyle = i === 0 && /^[A-Za-z]+$/.test(text);
    if (oldStyle || /^-[A-Za-z]+$/.test(text)) {
      const letters = oldStyle ? text : text.slice(1);
      let consumed = 0;
      for (let k = 0; k < letters.length; k++) {
        const letter = letters[k] ?? '';
        if (letter === 'c') create = true;
        if (!TAR_VALUE_SHORT.has(letter)) continue;
        if (!oldStyle && k < letters.length - 1) {
          if (letter === 'C') ({ directory, directoryKnown } = setDirectory(letters.slice(k + 1)));
          if (letter === 'C') directoryWord = word;
          break;
        }
        consumed++;
        const value = args[i + consumed];
        if (letter === 'C') ({ directory, directoryKnown } = setDirectory(value?.value));
        if (letter === 'C') directoryWord = value;
      }
      i += consumed;
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const long = text.slice(2, eq < 0 ? undefined : eq);
      if (long === 'create') create = true;
      if (TAR_VALUE_LONG.has(long)) {
        const value = eq < 0 ? args[++i]?.value : text.slice(eq + 1);
        if (long === 'directory') ({ directory, directoryKnown } = setDirectory(value));
        if (long === 'directory') directoryWord = eq < 0 ? args[i] : word;
      }
      continue;
    }
    operands.push({ word, dir: directory, dirKnown: directoryKnown, dirWord: directoryWord });
  }
  if (!create) return [];
  return operands.flatMap(({ word, dir, dirKnown, dirWord }) => {
    const path = absolute(word.value, dir, dirKnown);
    // `-C /dir .` archives the directory: the finding marks where it is named.
    const range = word.value?.startsWith('/') === false && (word.value === '.' || word.value === './') && dirWord ? dirWord.range : word.range;
    return path === undefined ? [] : [{ path, range, command: 'tar' }];
  });
}

function setDirectory(value: string | undefined): { directory: string | undefined; directoryKnown: boolean } {
  return value?.startsWith('/') ? { directory: normalizePath(value), directoryKnown: true } : { directory: undefined, directoryKnown: false };
}

function absolute(value: string | undefined, dir: string | undefined, dirKnown: boolean): string | undefined {
  if (value === undefined || /[*?[]/.test(value)) return undefined;
  if (value.startsWith('/')) return normalizePath(value);
  return dir !== undefined && dirKnown ? normalizePath(`${dir}/${value}`) : undefined;
}

function copyReads(command: string, args: readonly ArgWord[]): BackupRead[] {
  const operands: ArgWord[] = [];
  let targetGiven = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = word?.value;
    if (!word) continue;
    if (text?.startsWith('-') && text.length > 1) {
      if (text === '-t' || text === '--target-directory') {
        targetGiven = true;
        i++;
      } else if (text.startsWith('--target-directory=')) targetGiven = true;
      else if (command === 'rsync' && (text === '-e' || text === '--rsh' || text === '-f' || text === '--filter' || text === '--exclude' || text === '--include')) i++;
      else if (command === 'cp' && (text === '-S' || text === '--suffix')) i++;
      continue;
    }
    operands.push(word);
  }
  const sources = targetGiven ? operands : operands.slice(0, -1);
  return sources.flatMap((word) => {
    const path = absolute(word.value, undefined, false);
    return path === undefined ? [] : [{ path, range: word.range, command }];
  });
}
