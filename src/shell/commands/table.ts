import type { ArgWord } from '../argv.js';
import { ParsedArgs, parseOptions } from '../options.js';
import { ARCHIVE_COMMANDS } from './archives.js';
import { COPY_COMMANDS } from './copy.js';
import { DATABASE_COMMANDS } from './databases.js';
import { DOWNLOAD_COMMANDS } from './downloads.js';
import { EDITOR_COMMANDS } from './editors.js';
import { FILE_COMMANDS } from './files.js';
import { FIND_COMMANDS } from './find.js';
import { PACKAGE_COMMANDS } from './packages.js';
import { PERMISSION_COMMANDS } from './permissions.js';
import { READER_COMMANDS } from './readers.js';
import { SHELL_COMMANDS } from './shells.js';
import type { CommandFamily, CommandIO, CommandSpec } from './spec.js';
import { USER_COMMANDS } from './users.js';
import { VCS_COMMANDS } from './vcs.js';
import { WRAPPER_COMMANDS } from './wrappers.js';

export type { CommandFamily, CommandIO, CommandSpec } from './spec.js';

/** The command families, each in its own module: one entry per command name, each with its test. */
export const COMMAND_FAMILIES: Readonly<Record<string, CommandFamily>> = {
  files: FILE_COMMANDS,
  copy: COPY_COMMANDS,
  permissions: PERMISSION_COMMANDS,
  archives: ARCHIVE_COMMANDS,
  editors: EDITOR_COMMANDS,
  downloads: DOWNLOAD_COMMANDS,
  vcs: VCS_COMMANDS,
  packages: PACKAGE_COMMANDS,
  databases: DATABASE_COMMANDS,
  users: USER_COMMANDS,
  find: FIND_COMMANDS,
  readers: READER_COMMANDS,
  shells: SHELL_COMMANDS,
  wrappers: WRAPPER_COMMANDS,
};

/**
 * The command table: every command volint knows, by the name it runs under. A command not listed has no
 * effect on paths (`apt-get`, `make`...); `xargs` is deliberately absent, since the paths it gets are unknown.
 */
const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>(Object.values(COMMAND_FAMILIES).flat());

/** The table entry for a command name as run (`/bin/mkdir`, `python3.11`, `pip3`). */
export function lookupCommand(path: string): { name: string; spec: CommandSpec } | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const spec = COMMANDS.get(/^(?:python|pip)[\d.]+$/.test(name) ? name.replace(/[\d.]+$/, '') : name);
  return spec ? { name, spec } : undefined;
}

/** Parses and runs one command line through its table entry. */
export function runCommand(spec: CommandSpec, args: readonly ArgWord[], io: CommandIO): void {
  const rewritten = spec.rewrite ? spec.rewrite(args) : args;
  spec.effects(spec.options ? parseOptions(rewritten, spec.options) : new ParsedArgs([], rewritten), io, rewritten);
}
