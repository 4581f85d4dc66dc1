import { derivedWord, type ArgWord } from '../argv.js';
import { parseOptions, type OptionSpec, type ParsedArgs } from '../options.js';
import { here } from './common.js';
import type { CommandFamily, CommandIO, CommandSpec } from './spec.js';

/** Package managers that install into the project directory: subcommands that do, and how to move it. */
function projectInstall(subcommands: readonly string[], directoryOptions: readonly string[], globalFlags: readonly string[], installWhenBare = false): CommandSpec['effects'] {
  return (args, io) => {
    const [subcommand] = args.operands;
    if (subcommand === undefined ? !installWhenBare : !subcommands.includes(subcommand.value ?? '')) return;
    if (args.has(...globalFlags) || args.values('location').some((w) => w.value === 'global')) return;
    io.effect('write', args.value(...directoryOptions) ?? here(subcommand ?? io.nameWord), { recursive: true });
  };
}

function yarnEffects(args: ParsedArgs, io: CommandIO): void {
  const [subcommand] = args.operands;
  if (subcommand !== undefined && !['install', 'add'].includes(subcommand.value ?? '')) return;
  const modules = args.value('modules-folder');
  if (modules) io.effect('write', modules, { recursive: true });
  else io.effect('write', args.value('cwd') ?? here(subcommand ?? io.nameWord), { recursive: true });
}

function pipEffects(args: ParsedArgs, io: CommandIO): void {
  const [subcommand] = args.operands;
  let target: ArgWord | undefined;
  if (subcommand?.value === 'install') target = args.value('t', 'target', 'prefix', 'root');
  else if (subcommand?.value === 'download') target = args.value('d', 'dest') ?? here(subcommand);
  else if (subcommand?.value === 'wheel') target = args.value('w', 'wheel-dir') ?? here(subcommand);
  if (target) io.effect('write', target, { recursive: true });
}

/** `python -m venv DIR...`, `virtualenv DIR`: each creates a tree of the environment at DIR. */
const VENV_OPTIONS: OptionSpec = {
  value: ['prompt', 'p', 'python', 'activators', 'seeder', 'app-data', 'discovery', 'creator', 'extra-search-dir', 'pip', 'setuptools',
    'wheel'],
};
const VENV: CommandSpec = {
  options: VENV_OPTIONS,
  effects: (args, io) => {
    for (const directory of args.operands) io.effect('write', directory, { recursive: true });
  },
};

const PIP: CommandSpec = {
  options: { value: ['r', 'requirement', 'c', 'constraint', 'e', 'editable', 't', 'target', 'i', 'index-url', 'extra-index-url', 'f',
    'find-links', 'prefix', 'root', 'src', 'upgrade-strategy', 'platform', 'python-version', 'implementation', 'abi', 'log', 'proxy',
    'retries', 'timeout', 'exists-action', 'trusted-host', 'cert', 'client-cert', 'cache-dir', 'progress-bar', 'C', 'config-settings',
    'global-option', 'no-binary', 'only-binary', 'd', 'dest', 'w', 'wheel-dir', 'report', 'python', 'use-feature', 'use-deprecated',
    'keyring-provider', 'root-user-action', 'index', 'requirements'] },
  effects: pipEffects,
};

/** Language package managers that install into a project directory or a target. */
export const PACKAGE_COMMANDS: CommandFamily = [
  ['npm', {
    options: { value: ['prefix', 'C', 'registry', 'cache', 'loglevel', 'omit', 'include', 'userconfig', 'globalconfig', 'tag', 'w',
      'workspace', 'location', 'only', 'also', 'install-strategy', 'script-shell'] },
    effects: projectInstall(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci',
      'clean-install', 'ic', 'install-clean', 'isntall-clean', 'it', 'install-test', 'cit', 'install-ci-test', 'update', 'up', 'upgrade'],
    ['prefix', 'C'], ['g', 'global']),
  }],
  ['yarn', {
    options: { value: ['cwd', 'modules-folder', 'cache-folder', 'network-timeout', 'registry', 'mutex', 'network-concurrency'] },
    effects: yarnEffects,
  }],
  ['pnpm', {
    options: { value: ['C', 'dir', 'store-dir', 'filter', 'F', 'registry', 'reporter', 'loglevel', 'virtual-store-dir', 'modules-dir'] },
    effects: projectInstall(['install', 'i', 'add', 'update', 'up', 'upgrade'], ['C', 'dir'], ['g', 'global']),
  }],
  ['composer', {
    options: { value: ['d', 'working-dir', 'prefer-install'] },
    effects: projectInstall(['install', 'i', 'require', 'req', 'update', 'u', 'upgrade'], ['d', 'working-dir'], ['g', 'global']),
  }],
  ['bundle', {
    options: { value: ['path', 'gemfile', 'jobs', 'j', 'retry', 'without', 'with', 'shebang'] },
    effects: projectInstall(['install'], ['path'], ['system']),
  }],
  ['pip', PIP],
  ['python', {
    options: { value: ['m', 'c', 'W', 'X', 'Q'], stopAtOperand: true },
    // Everything after `-m MODULE` or `-c CODE` is the module's or the code's own arguments.
    rewrite: (args) => {
      const at = args.findIndex((w) => /^-[^-]*[mc]/.test(w.value ?? ''));
      const word = args[at];
      if (!word) return args;
      const end = /^-[^-]*[mc]$/.test(word.value ?? '') ? at + 2 : at + 1;
      return [...args.slice(0, end), derivedWord(word, '--'), ...args.slice(end)];
    },
    effects: (args, io) => {
      const module = args.value('m');
      if (module?.value === 'pip' || module?.value === 'virtualenv') io.exec([module, ...args.operands]);
      else if (module?.value === 'venv') VENV.effects(parseOptions(args.operands, VENV_OPTIONS), io, args.operands);
    },
  }],
  ['virtualenv', VENV],
];
