import { derivedWord, type ArgWord } from '../argv.js';
import type { ParsedArgs } from '../options.js';
import { here } from './common.js';
import type { CommandFamily, CommandIO } from './spec.js';

const FIND_VALUE_PRIMARIES = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type',
  '-xtype', '-perm', '-user', '-group', '-uid', '-gid', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer',
  '-anewer', '-cnewer', '-maxdepth', '-mindepth', '-links', '-inum', '-samefile', '-printf', '-lname', '-ilname', '-context', '-used',
  '-fstype', '-regextype', '-files0-from']);

const NARROWING_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname', '-samefile', '-inum', '-newer', '-user', '-nouser', '-uid', '-group', '-nogroup', '-gid', '-perm', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-empty', '-links']);

function someEntriesBelow(path: ArgWord): ArgWord {
  return { ...derivedWord(path, path.value === undefined ? undefined : `${path.value.replace(/\/+$/, '')}/*`), glob: path.value !== undefined };
}

/**
 * `find PATH... EXPR`: `-delete` and `-exec CMD {} ;` act on every entry below each PATH, so their effects
 * take the PATH word, marked as standing for the entries below it.
 */
function findEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  let i = 0;
  while (i < raw.length && /^-(?:[HLP]|O\d*)$/.test(raw[i]?.value ?? '')) i++;
  if (raw[i]?.value === '-D') i += 2;
  const paths: ArgWord[] = [];
  for (; i < raw.length; i++) {
    const word = raw[i];
    if (!word || (word.value !== undefined && (word.value.startsWith('-') || ['(', ')', '!', ','].includes(word.value)))) break;
    paths.push(word);
  }
  if (paths.length === 0) paths.push(here(io.nameWord));
  for (; i < raw.length; i++) {
    const value = raw[i]?.value ?? '';
    if (value === '-delete') {
      for (const path of paths) io.effect('delete', path, { recursive: true });
    } else if (['-exec', '-execdir', '-ok', '-okdir'].includes(value)) {
      const start = i + 1;
      let end = start;
      while (end < raw.length && raw[end]?.value !== ';' && !(raw[end]?.value === '+' && raw[end - 1]?.value === '{}')) end++;
      const command = raw.slice(start, end);
      // With a name or path test only matching entries are touched: they stand for "some entries below PATH", which
      // is a change inside PATH but not proof of one in every directory below it.
      const narrowed = raw.some((w) => NARROWING_TESTS.has(w.value ?? ''));
      for (const path of paths) {
        io.exec(command.map((word) => {
          if (word.value === '{}') return narrowed ? someEntriesBelow(path) : derivedWord(path, path.value, true);
          return word.value?.includes('{}') ? derivedWord(word, undefined) : word;
        }));
      }
      i = end;
    } else if (['-fprint', '-fprint0', '-fls', '-fprintf'].includes(value)) {
      const file = raw[++i];
      if (file) io.effect('write', file);
      if (value === '-fprintf') i++;
    } else if (FIND_VALUE_PRIMARIES.has(value) || value.startsWith('-newer')) {
      i++;
    }
  }
}

/** `find` and what it runs on the entries it lists. */
export const FIND_COMMANDS: CommandFamily = [
  ['find', { effects: findEffects }],
];
