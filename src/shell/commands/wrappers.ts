import { derivedWord, type ArgWord } from '../argv.js';
import type { OptionSpec, ParsedArgs } from '../options.js';
import { ScriptSource } from '../script-source.js';
import type { CommandFamily, CommandIO, CommandSpec } from './spec.js';

/** A wrapper's command line: its operands after any `NAME=value` (`sudo`, `env`). */
function afterAssignments(operands: readonly ArgWord[]): readonly ArgWord[] {
  const start = operands.findIndex((w) => !/^\w+=/.test(w.value ?? ''));
  return start < 0 ? [] : operands.slice(start);
}

/** A wrapper whose operands are the command line it runs (after `skip` operands such as a user name). */
function wrapper(options: OptionSpec, inProcess = false, skip = 0): CommandSpec {
  return { options: { ...options, stopAtOperand: true }, effects: (args, io) => { io.exec(args.operands.slice(skip), { inProcess, piped: true }); } };
}

/** `su USER -c CMD` and `runuser USER -c CMD`: the options may also follow the user, where the shell gets them. */
function suEffects(args: ParsedArgs, io: CommandIO): void {
  const login = args.has('l', 'login') || args.operands.some((w) => w.value === '-');
  const after = args.operands.findIndex((w) => w.value === '-c' || w.value === '--command');
  const script = args.value('c', 'command') ?? (after >= 0 ? args.operands[after + 1] : undefined);
  if (script) io.script(script, { unknownCwd: login });
}

const SU_OPTIONS: OptionSpec = {
  value: ['c', 'command', 's', 'shell', 'g', 'group', 'G', 'supp-group', 'w', 'whitelist-environment', 'session-command', 'u', 'user'],
  stopAtOperand: true,
};

/** `eval ARGS`: the arguments joined by spaces, run as a script in this very shell. */
function evalEffects(args: ParsedArgs, io: CommandIO): void {
  const words = args.operands;
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last || words.some((w) => w.value === undefined)) return;
  if (words.length === 1) {
    io.script(first, { inProcess: true });
    return;
  }
  const value = words.map((w) => w.value).join(' ');
  const range = { start: first.range.start, end: last.range.end };
  io.script({ value, glob: false, range, source: () => ScriptSource.spanning(value, range) }, { inProcess: true });
}

/**
 * `xargs [-I R] CMD ARGS`: runs CMD with the words it reads on standard input, appended or in place of R. They are
 * known when a `find` pipes its entries into it; otherwise they stand for an unknown word.
 */
function xargsEffects(args: ParsedArgs, io: CommandIO): void {
  const command = args.operands.length > 0 ? args.operands : [derivedWord(io.nameWord, 'echo')];
  const input = (args.has('a', 'arg-file') ? undefined : io.piped) ?? [derivedWord(io.nameWord, undefined)];
  const replace = args.value('I') ?? (args.has('i', 'replace') ? (args.value('i', 'replace') ?? derivedWord(io.nameWord, '{}')) : undefined);
  if (replace?.value === undefined && replace !== undefined) return;
  for (const word of input) {
    if (replace?.value !== undefined) {
      const token = replace.value;
      io.exec(command.map((w) => (w.value === token ? word : w.value?.includes(token) ? derivedWord(w, undefined) : w)));
    } else {
      io.exec([...command, word]);
    }
  }
}

/**
 * `chroot NEWROOT [CMD]`: only a chroot to `/` runs the command on the paths it names; any other root changes
 * what they mean.
 */
function chrootEffects(args: ParsedArgs, io: CommandIO): void {
  const [root, ...command] = args.operands;
  if (root?.value === undefined || root.value.replace(/\/+$/, '') !== '' || command.length === 0) return;
  io.exec(command, { piped: true });
}

/** `flock [OPTIONS] FILE CMD...` or `flock FILE -c CMD`; `flock FD` runs nothing. */
function flockEffects(args: ParsedArgs, io: CommandIO): void {
  const [, ...command] = args.operands;
  const script = args.value('c', 'command') ?? (command[0]?.value === '-c' ? command[1] : undefined);
  if (script) io.script(script);
  else if (command.length > 0) io.exec(command, { piped: true });
}

/** `unshare [OPTIONS] CMD`: namespaces do not change which files a path names, unless `--root` does. */
function unshareEffects(args: ParsedArgs, io: CommandIO): void {
  if (args.has('R', 'root')) return;
  const directory = args.value('w', 'wd');
  io.exec(args.operands, { piped: true, ...(directory ? { cwd: directory } : {}) });
}

/** `chpst [-u USER] ... CMD`: runit's process-state tool; `-/ ROOT` changes the root. */
function chpstEffects(args: ParsedArgs, io: CommandIO): void {
  if (args.has('/')) return;
  io.exec(args.operands, { piped: true });
}

/** Wrappers that run their operands as a command line, or a script. */
export const WRAPPER_COMMANDS: CommandFamily = [
  ['sudo', {
    options: { value: ['u', 'g', 'C', 'D', 'h', 'p', 'r', 't', 'U', 'T', 'chdir', 'user', 'group', 'close-from', 'host', 'prompt', 'role',
      'type', 'other-user', 'command-timeout'], stopAtOperand: true },
    effects: (args, io) => {
      const directory = args.value('D', 'chdir');
      io.exec(afterAssignments(args.operands), { ...(directory ? { cwd: directory } : {}), unknownCwd: args.has('i', 'login') });
    },
  }],
  ['doas', wrapper({ value: ['u', 'C'] })],
  ['gosu', wrapper({}, false, 1)],
  ['su-exec', wrapper({}, false, 1)],
  ['s6-setuidgid', wrapper({}, false, 1)],
  ['setpriv', wrapper({ value: ['reuid', 'regid', 'groups', 'inh-caps', 'ambient-caps', 'bounding-set', 'securebits', 'pdeathsig',
    'selinux-label', 'apparmor-profile', 'landlock-access', 'landlock-rule', 'ptracer'] })],
  ['ionice', {
    options: { value: ['c', 'class', 'n', 'classdata', 'p', 'pid', 'P', 'pgid', 'u', 'uid'], stopAtOperand: true },
    effects: (args, io) => { if (!args.has('p', 'pid', 'P', 'pgid', 'u', 'uid')) io.exec(args.operands, { piped: true }); },
  }],
  ['chroot', { options: { value: ['userspec', 'groups'], stopAtOperand: true }, effects: chrootEffects }],
  ['flock', { options: { value: ['w', 'wait', 'timeout', 'E', 'conflict-exit-code', 'c', 'command'], stopAtOperand: true }, effects: flockEffects }],
  ['unshare', {
    options: { value: ['S', 'setuid', 'G', 'setgid', 'R', 'root', 'w', 'wd', 'setgroups', 'map-user', 'map-group', 'map-users',
      'map-groups', 'propagation', 'monotonic', 'boottime'], stopAtOperand: true },
    effects: unshareEffects,
  }],
  ['chpst', { options: { value: ['u', 'U', 'b', 'e', '/', 'n', 'l', 'L', 'm', 'd', 'o', 'p', 'f', 'c', 't'], stopAtOperand: true }, effects: chpstEffects }],
  ['eval', { options: { stopAtOperand: true }, effects: evalEffects }],
  ['xargs', {
    options: { value: ['a', 'arg-file', 'd', 'delimiter', 'E', 'eof', 'I', 'L', 'max-lines', 'n', 'max-args', 'P', 'max-procs', 's',
      'max-chars', 'process-slot-var'], attachedValue: ['i', 'e', 'l'], stopAtOperand: true },
    effects: xargsEffects,
  }],
  ['su', { options: SU_OPTIONS, effects: suEffects }],
  // `runuser -u USER [--] CMD` runs a command line; `runuser USER -c CMD` a script, as su does.
  ['runuser', {
    options: SU_OPTIONS,
    effects: (args, io) => {
      if (args.has('u', 'user') && !args.has('c', 'command')) io.exec(args.operands, { piped: true });
      else suEffects(args, io);
    },
  }],
  ['env', {
    options: { value: ['u', 'unset', 'C', 'chdir', 'S', 'split-string'], stopAtOperand: true },
    effects: (args, io) => {
      if (args.has('S', 'split-string')) return;
      const directory = args.value('C', 'chdir');
      io.exec(afterAssignments(args.operands), directory ? { cwd: directory } : {});
    },
  }],
  ['nice', wrapper({ value: ['n', 'adjustment'] })],
  // Init processes that images start their command under (`ENTRYPOINT ["tini", "--"]`); dumb-init's -c is a flag.
  ['tini', wrapper({ value: ['p', 'e'] })],
  ['dumb-init', wrapper({ value: ['r', 'rewrite'] })],
  ['nohup', wrapper({})],
  ['stdbuf', wrapper({ value: ['i', 'o', 'e', 'input', 'output', 'error'] })],
  ['fakeroot', wrapper({ value: ['l', 'lib', 'faked', 's', 'i'] })],
  ['busybox', wrapper({})],
  ['time', wrapper({ value: ['f', 'format', 'o', 'output'] }, true)],
  ['exec', wrapper({ value: ['a'] }, true)],
  ['builtin', wrapper({}, true)],
  ['command', {
    options: { stopAtOperand: true },
    effects: (args, io) => { if (!args.has('v', 'V')) io.exec(args.operands, { inProcess: true }); },
  }],
  ['timeout', {
    options: { value: ['s', 'signal', 'k', 'kill-after'], stopAtOperand: true },
    effects: (args, io) => { io.exec(args.operands.slice(1), { piped: true }); },
  }],
];
