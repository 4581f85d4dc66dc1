import type { ArgWord } from '../argv.js';
import type { CommandFamily, CommandSpec } from './spec.js';
import { POSIX_SHELLS } from '../../model/shells.js';

/** Options and effects of `sh`, `bash` and friends: `-c SCRIPT`, stdin, or a script file (followed when known). */
const SHELL: CommandSpec = {
  options: { value: ['o', 'O', 'rcfile', 'init-file'], stopAtOperand: true },
  rewrite: (args) => {
    const kept: ArgWord[] = [];
    for (let i = 0; i < args.length; i++) {
      const word = args[i];
      if (word?.value === '+o' || word?.value === '+O') i++;
      else if (word && !word.value?.startsWith('+')) kept.push(word);
    }
    return kept;
  },
  effects: (args, io) => {
    const [first] = args.operands;
    if (args.has('c')) {
      if (first) io.script(first);
    } else if (!first || args.has('s')) {
      io.stdinScript();
    } else {
      io.runFile(first);
    }
  },
};

/** Shells: `-c SCRIPT` and scripts read from standard input are analysed. */
export const SHELL_COMMANDS: CommandFamily = [...POSIX_SHELLS].map((name) => [name, SHELL]);
