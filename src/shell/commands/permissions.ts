import type { OptionSpec, ParsedArgs } from '../options.js';
import type { CommandFamily, CommandIO } from './spec.js';

/** chown/chmod/chgrp: the first operand is the owner or mode, unless `--reference` gives it. */
function permissionAfterFirst(args: ParsedArgs, io: CommandIO): void {
  const reference = args.value('reference');
  if (reference) io.effect('read', reference);
  const files = reference ? args.operands : args.operands.slice(1);
  const recursive = args.has('R', 'recursive');
  const setting = reference ? {} : { setting: args.operands[0] };
  for (const file of files) io.effect('permission', file, { recursive, ...setting });
}

function setcapEffects(args: ParsedArgs, io: CommandIO): void {
  const files = args.has('r') ? args.operands : args.operands.filter((_, index) => index % 2 === 1);
  for (const file of files) io.effect('permission', file);
}

function setfaclEffects(args: ParsedArgs, io: CommandIO): void {
  if (args.has('restore')) return;
  const recursive = args.has('R', 'recursive');
  for (const file of args.operands) io.effect('permission', file, { recursive });
}

const CHOWN_OPTIONS: OptionSpec = { value: ['from', 'reference'] };

/** Commands that change owner, group, mode, ACL or capabilities. */
export const PERMISSION_COMMANDS: CommandFamily = [
  ['chown', { options: CHOWN_OPTIONS, effects: permissionAfterFirst }],
  ['chgrp', { options: CHOWN_OPTIONS, effects: permissionAfterFirst }],
  // GNU chmod takes `-x`, `-w` and `-rwx` as modes: only R, c, f and v are its short options.
  ['chmod', { options: { value: ['reference'], operand: /^-(?!-)[Rcfv]*[^Rcfv]/ }, effects: permissionAfterFirst }],
  ['setfacl', {
    options: { value: ['m', 'modify', 'x', 'remove', 'M', 'modify-file', 'X', 'remove-file', 'set', 'set-file', 'restore'] },
    effects: setfaclEffects,
  }],
  ['setcap', { options: { value: ['n'] }, effects: setcapEffects }],
];
