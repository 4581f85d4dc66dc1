import type { ArgWord } from '../argv.js';
import type { OptionSpec } from '../options.js';
import type { CommandFamily, CommandSpec } from './spec.js';

/** A wrapper's command line: its operands after any `NAME=value` (`sudo`, `env`). */
function afterAssignments(operands: readonly ArgWord[]): readonly ArgWord[] {
  const start = operands.findIndex((w) => !/^\w+=/.test(w.value ?? ''));
  return start < 0 ? [] : operands.slice(start);
}

/** A wrapper whose operands are the command line it runs. */
function wrapper(options: OptionSpec, inProcess = false): CommandSpec {
  return { options: { ...options, stopAtOperand: true }, effects: (args, io) => { io.exec(args.operands, { inProcess }); } };
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
  ['gosu', { options: { stopAtOperand: true }, effects: (args, io) => { io.exec(args.operands.slice(1)); } }],
  ['su-exec', { options: { stopAtOperand: true }, effects: (args, io) => { io.exec(args.operands.slice(1)); } }],
  ['su', {
    options: { value: ['c', 'command', 's', 'shell', 'g', 'group', 'G', 'supp-group', 'w', 'whitelist-environment', 'session-command'] },
    effects: (args, io) => {
      const script = args.value('c', 'command');
      if (script) io.script(script, { unknownCwd: args.has('l', 'login') || args.operands.some((w) => w.value === '-') });
    },
  }],
  ['runuser', {
    options: { value: ['u', 'user', 'g', 'group', 'G', 'supp-group', 'c', 'command', 's', 'shell', 'w', 'whitelist-environment'] },
    effects: (args, io) => {
      const script = args.value('c', 'command');
      if (script) io.script(script, { unknownCwd: args.has('l', 'login') || args.operands.some((w) => w.value === '-') });
      else if (args.has('u', 'user')) io.exec(args.operands);
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
    effects: (args, io) => { io.exec(args.operands.slice(1)); },
  }],
];
