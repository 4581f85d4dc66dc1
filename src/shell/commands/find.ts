import { derivedWord, entryBelow, type ArgWord } from '../argv.js';
import type { ParsedArgs } from '../options.js';
import { here } from './common.js';
import type { CommandFamily, CommandIO } from './spec.js';

const FIND_VALUE_PRIMARIES = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type',
  '-xtype', '-perm', '-user', '-group', '-uid', '-gid', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer',
  '-anewer', '-cnewer', '-maxdepth', '-mindepth', '-links', '-inum', '-samefile', '-printf', '-lname', '-ilname', '-context', '-used',
  '-fstype', '-regextype', '-files0-from']);

const NARROWING_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname', '-samefile', '-inum', '-newer', '-user', '-nouser', '-uid', '-group', '-nogroup', '-gid', '-perm', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-empty', '-links']);

/** The starting points of `find PATH... EXPR` (`.` when none), and where the expression starts. */
function startingPoints(raw: readonly ArgWord[], nameWord: ArgWord): { paths: ArgWord[]; expression: number } {
  let i = 0;
  while (i < raw.length && /^-(?:[HLP]|O\d*)$/.test(raw[i]?.value ?? '')) i++;
  if (raw[i]?.value === '-D') i += 2;
  const paths: ArgWord[] = [];
  for (; i < raw.length; i++) {
    const word = raw[i];
    if (!word || (word.value !== undefined && (word.value.startsWith('-') || ['(', ')', '!', ','].includes(word.value)))) break;
    paths.push(word);
  }
  if (paths.length === 0) paths.push(here(nameWord));
  return { paths, expression: i };
}

/**
 * The entries `find` lists, one word per starting point. Unfiltered, they are the starting point and everything below
 * it (the word, marked as standing for its entries). With a name or path test only matching entries are listed: they
 * stand for "some entries below PATH", a change inside PATH but not proof of one in every directory below it.
 */
export function findListing(raw: readonly ArgWord[], nameWord: ArgWord): ArgWord[] {
  const narrowed = raw.some((w) => NARROWING_TESTS.has(w.value ?? ''));
  return startingPoints(raw, nameWord).paths.map((path) => (narrowed ? entryBelow(path) : { ...path, entries: true }));
}

/** `find PATH... EXPR`: `-delete` and `-exec CMD {} ;` act on the entries it lists (see `findListing`). */
function findEffects(_args: ParsedArgs, io: CommandIO, raw: readonly ArgWord[]): void {
  let { expression: i } = startingPoints(raw, io.nameWord);
  const listing = findListing(raw, io.nameWord);
  for (; i < raw.length; i++) {
    const value = raw[i]?.value ?? '';
    if (value === '-delete') {
      for (const entries of listing) io.effect('delete', entries, { recursive: true });
    } else if (['-exec', '-execdir', '-ok', '-okdir'].includes(value)) {
      const start = i + 1;
      let end = start;
      while (end < raw.length && raw[end]?.value !== ';' && !(raw[end]?.value === '+' && raw[end - 1]?.value === '{}')) end++;
      const command = raw.slice(start, end);
      for (const entries of listing) {
        io.exec(command.map((word) => {
          if (word.value === '{}') return entries;
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
