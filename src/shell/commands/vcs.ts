import { derivedWord, entryBelow } from '../argv.js';
import { childOf, here } from './common.js';
import { parseOptions, type OptionSpec, type ParsedArgs } from '../options.js';
import type { CommandFamily, CommandIO } from './spec.js';

/** The directory `git clone URL` creates: the last path component of the URL, without `.git`. */
function cloneDirectory(url: string | undefined, bare: boolean): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.replace(/\/+$/, '').replace(/\/\.git$/, '');
  const name = trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1).replace(/\.git$/, '');
  if (name === '') return undefined;
  return bare ? name + '.git' : name;
}

const CLONE_OPTIONS: OptionSpec = {
  value: ['b', 'branch', 'o', 'origin', 'u', 'upload-pack', 'depth', 'c', 'config', 'reference', 'reference-if-able', 'j', 'jobs',
    'template', 'separate-git-dir', 'filter', 'shallow-since', 'shallow-exclude', 'server-option', 'bundle-uri', 'ref-format', 'revision'],
};

/**
 * Subcommands that write into the repository and its work tree: `git -C DIR pull` changes files below DIR. (`config`,
 * `remote` and the like write only `.git/config`, which sits at the top of the repository, not known to be DIR.)
 */
const WRITING = new Set(['checkout', 'switch', 'restore', 'pull', 'fetch', 'merge', 'rebase', 'reset', 'clean', 'stash', 'apply', 'am',
  'cherry-pick', 'revert', 'rm', 'mv', 'add', 'commit', 'tag', 'gc', 'submodule', 'lfs', 'sparse-checkout']);

const INIT_OPTIONS: OptionSpec = { value: ['b', 'initial-branch', 'template', 'separate-git-dir', 'object-format', 'ref-format', 'shared'] };

function gitEffects(args: ParsedArgs, io: CommandIO): void {
  const [subcommand, ...rest] = args.operands;
  const workTree = args.value('C');
  const base = workTree ? { base: workTree } : {};
  if (subcommand?.value === 'init') {
    const init = parseOptions(rest, INIT_OPTIONS);
    const directory = init.operands[0] ?? here(subcommand);
    io.effect('write', init.has('bare') ? directory : childOf(directory, derivedWord(subcommand, '.git')), { recursive: true, ...base });
    return;
  }
  if (WRITING.has(subcommand?.value ?? '') && subcommand) {
    io.effect('write', entryBelow(workTree ?? here(subcommand)), { recursive: true });
    return;
  }
  if (subcommand?.value !== 'clone') return;
  const clone = parseOptions(rest, CLONE_OPTIONS);
  const [url, directory] = clone.operands;
  if (!url) return;
  const target = directory ?? derivedWord(url, cloneDirectory(url.value, clone.has('bare', 'mirror')));
  io.effect('write', target, { recursive: true, ...base });
}

/** Version control. */
export const VCS_COMMANDS: CommandFamily = [
  ['git', { options: { value: ['C', 'c', 'git-dir', 'work-tree', 'namespace', 'config-env'], stopAtOperand: true }, effects: gitEffects }],
];
