import { directoryOf, pathPattern } from '../model/path-pattern.js';
import type { ArgWord } from './argv.js';
import type { ShellState } from './state.js';

/** `cd`, `pushd`, `popd` and the builtins that set variables to something unknown. */
export function runBuiltin(name: string, args: readonly ArgWord[], state: ShellState): boolean {
  const operands = args.filter((a) => a.value === undefined || !/^[-+]./.test(a.value));
  switch (name) {
    case 'cd':
      state.cwd = changeDirectory(state, operands[0]);
      return true;
    case 'pushd': {
      const [target] = operands;
      if (!target || /^[-+]\d*$/.test(target.value ?? '')) {
        state.cwd = undefined;
        state.dirStack = state.dirStack.map(() => undefined);
      } else {
        state.dirStack.push(state.cwd);
        state.cwd = changeDirectory(state, target);
      }
      return true;
    }
    case 'popd':
      state.cwd = operands.length > 0 || args.some((a) => /^[-+]\d/.test(a.value ?? '')) ? undefined : state.dirStack.pop();
      return true;
    case 'read':
    case 'mapfile':
    case 'readarray':
    case 'getopts':
    case 'printf':
    case 'let':
      for (const variable of assignedByBuiltin(name, args)) state.set(variable, undefined);
      return true;
    default:
      return false;
  }
}

function changeDirectory(state: ShellState, target: ArgWord | undefined): string | undefined {
  if (!target) {
    const home = state.lookup('HOME');
    return home === undefined ? undefined : directoryOf(pathPattern(home, false, state.cwd));
  }
  if (target.value === '-') return undefined;
  return resolveDirectory(state.cwd, target);
}

/**
 * The directory `word` names, resolved against `cwd`, as a working directory: exact, or a known prefix followed by
 * an unknown part (`cd /srv/$SITE`); undefined when nothing is known.
 */
export function resolveDirectory(cwd: string | undefined, word: ArgWord): string | undefined {
  return directoryOf(pathPattern(word.value ?? word.partial, word.glob, cwd));
}

/** Variables that `read`, `mapfile`, `printf -v`, `getopts` and `let` set to values not known here. */
function assignedByBuiltin(name: string, args: readonly ArgWord[]): string[] {
  const values = args.map((a) => a.value ?? '');
  const names = (list: readonly string[]): string[] => list.filter((v) => /^[A-Za-z_]\w*$/.test(v));
  switch (name) {
    case 'read': {
      const operands: string[] = [];
      for (let i = 0; i < values.length; i++) {
        const value = values[i] ?? '';
        if (/^-[^-]*[adinNptu]$/.test(value)) {
          if (value.endsWith('a')) operands.push(values[i + 1] ?? '');
          i++;
        } else if (!value.startsWith('-')) operands.push(value);
      }
      return operands.length > 0 ? names(operands) : ['REPLY'];
    }
    case 'mapfile':
    case 'readarray':
      return names(values.slice(-1)).concat(['MAPFILE']);
    case 'printf': {
      const v = values.indexOf('-v');
      return v >= 0 ? names([values[v + 1] ?? '']) : [];
    }
    case 'getopts':
      return names(values.slice(1, 2)).concat(['OPTARG', 'OPTIND']);
    default:
      return names(values.map((v) => v.split(/[^\w]/)[0] ?? ''));
  }
}
