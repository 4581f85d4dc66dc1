import { derivedWord } from '../argv.js';
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

function gitEffects(args: ParsedArgs, io: CommandIO): void {
  const [subcommand, ...rest] = args.operands;
  if (subcommand?.value !== 'clone') return;
  const clone = parseOptions(rest, CLONE_OPTIONS);
  const [url, directory] = clone.operands;
  if (!url) return;
  const target = directory ?? derivedWord(url, cloneDirectory(url.value, clone.has('bare', 'mirror')));
  const workTree = args.value('C');
  io.effect('write', target, { recursive: true, ...(workTree ? { base: workTree } : {}) });
}

/** Version control. */
export const VCS_COMMANDS: CommandFamily = [
  ['git', { options: { value: ['C', 'c', 'git-dir', 'work-tree', 'namespace', 'config-env'], stopAtOperand: true }, effects: gitEffects }],
];
