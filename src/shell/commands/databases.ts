import type { ParsedArgs } from '../options.js';
import type { CommandFamily, CommandIO } from './spec.js';

/**
 * `initdb [-D] DIR`: creates a PostgreSQL cluster at DIR, or at `$PGDATA` (the official image sets it to a path it
 * declares as a VOLUME: the textbook `FROM postgres` mistake).
 */
function initdbEffects(args: ParsedArgs, io: CommandIO): void {
  const directory = args.value('D', 'pgdata') ?? args.operands[0];
  if (directory) {
    io.effect('write', directory, { recursive: true });
    return;
  }
  const pgdata = io.variable('PGDATA');
  if (pgdata !== undefined) io.effect('write', { value: pgdata, glob: false, range: io.nameWord.range, source: () => undefined }, { recursive: true });
}

/** Database tools that create their data directory. */
export const DATABASE_COMMANDS: CommandFamily = [
  ['initdb', {
    options: { value: ['A', 'auth', 'auth-host', 'auth-local', 'D', 'pgdata', 'E', 'encoding', 'locale', 'lc-collate', 'lc-ctype',
      'lc-messages', 'lc-monetary', 'lc-numeric', 'lc-time', 'U', 'username', 'X', 'waldir', 'pwfile', 'T', 'text-search-config', 'c',
      'set', 'icu-locale', 'icu-rules', 'locale-provider', 'builtin-locale', 'wal-segsize', 'L'] },
    effects: initdbEffects,
  }],
];
