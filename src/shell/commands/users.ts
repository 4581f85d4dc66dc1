import { derivedWord, type ArgWord } from '../argv.js';
import type { ParsedArgs } from '../options.js';
import { lastOf } from './common.js';
import type { CommandFamily, CommandIO } from './spec.js';

/** `/home/NAME` (or BASE/NAME), the home a user gets when none is given. */
function defaultHome(login: ArgWord, base: ArgWord | undefined): ArgWord {
  if (login.value === undefined || login.value.includes('/')) return derivedWord(login, undefined);
  return derivedWord(base ?? login, `${base?.value?.replace(/\/+$/, '') ?? '/home'}/${login.value}`);
}

/** Records the account `name` gets with the id of `idWord`, when both are known. */
function account(io: CommandIO, kind: 'user' | 'group', name: ArgWord | undefined, idWord: ArgWord | undefined): void {
  if (name?.value !== undefined && idWord?.value !== undefined && /^\d+$/.test(idWord.value)) io.account({ kind, name: name.value, id: idWord.value });
}

/** `useradd -m [-d HOME | -b BASE] NAME`: creates the home directory (only with -m: Debian's default is not to). */
function useraddEffects(args: ParsedArgs, io: CommandIO): void {
  if (args.has('R', 'root', 'P', 'prefix')) return;
  const login = lastOf(args.operands);
  account(io, 'user', login, args.value('u', 'uid'));
  if (!args.has('m', 'create-home')) return;
  const home = args.value('d', 'home-dir') ?? (login ? defaultHome(login, args.value('b', 'base-dir')) : undefined);
  if (home) io.effect('mkdir', home);
}

/**
 * `adduser`, in its two common forms. Busybox/Alpine (`adduser -D -h DIR NAME`) creates the home (`-h`, or /home/NAME)
 * unless `-H`; Debian's (`adduser --home DIR NAME`) does unless `--no-create-home`, and gives a `--system` user no home
 * to create unless `--home` names one. A busybox system user (`-S`) without `-h` is not followed.
 */
function adduserEffects(args: ParsedArgs, io: CommandIO): void {
  const [login] = args.operands;
  if (args.operands.length === 1) account(io, 'user', login, args.value('u', 'uid'));
  if (args.has('H', 'no-create-home')) return;
  const home = args.value('h', 'home');
  if (home) {
    io.effect('mkdir', home);
    return;
  }
  // `adduser NAME GROUP` adds an existing user to a group (both forms): nothing is created.
  if (!login || args.operands.length > 1 || args.has('S', 'system')) return;
  io.effect('mkdir', defaultHome(login, undefined));
}

/** `groupadd -g GID NAME`, `addgroup -g GID NAME` (busybox) or `addgroup --gid GID NAME` (Debian). */
function groupEffects(args: ParsedArgs, io: CommandIO): void {
  if (args.operands.length === 1) account(io, 'group', args.operands[0], args.value('g', 'gid'));
}

const GROUP_OPTIONS = { value: ['g', 'gid', 'K', 'key', 'p', 'password', 'R', 'root', 'P', 'prefix', 'conf', 'firstgid', 'lastgid'] };

/** Account tools: the home directories they create, and the ids they give users and groups. */
export const USER_COMMANDS: CommandFamily = [
  ['groupadd', { options: GROUP_OPTIONS, effects: groupEffects }],
  ['addgroup', { options: GROUP_OPTIONS, effects: groupEffects }],
  ['useradd', {
    options: { value: ['d', 'home-dir', 'b', 'base-dir', 'c', 'comment', 'e', 'expiredate', 'f', 'inactive', 'g', 'gid', 'G', 'groups',
      'k', 'skel', 'K', 'key', 'p', 'password', 's', 'shell', 'u', 'uid', 'R', 'root', 'P', 'prefix', 'Z', 'selinux-user'] },
    effects: useraddEffects,
  }],
  ['adduser', {
    options: { value: ['h', 'g', 's', 'G', 'u', 'k', 'home', 'shell', 'gecos', 'comment', 'uid', 'gid', 'ingroup', 'firstuid', 'lastuid',
      'firstgid', 'lastgid', 'conf', 'add-extra-groups', 'extrausers', 'key'] },
    effects: adduserEffects,
  }],
];
