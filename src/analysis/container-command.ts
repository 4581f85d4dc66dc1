import type { InstructionModel } from '../model/types.js';
import type { Offsets } from '../text/line-index.js';
import { POSIX_SHELLS, programName } from '../model/shells.js';

/**
 * What a container's command does, as far as a data container is concerned (docs/volume-semantics.md section 5):
 * - noop: exits at once (`true`, `echo ...`): the container only has to exist, so this is the right command;
 * - idle: keeps running without doing anything (`sleep infinity`, `tail -f /dev/null`, a `while true` sleep loop);
 * - shell: an interactive shell, which exits at once without a terminal;
 * - app: anything else.
 */
export type CommandClass = 'noop' | 'idle' | 'shell' | 'app';

const NOOPS = new Set(['true', ':', 'echo', 'printf', 'exit', 'set', 'trap', 'wait']);
/** Wrappers that run their arguments as the real command. */
const WRAPPERS = new Set(['exec', 'tini', 'dumb-init', 'nohup', 'env']);
/** A sleep this long (seconds) stands for "forever": nobody runs a data container for an hour on purpose. */
const LONG_SLEEP = 3600;
const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export function classifyArgv(argv: readonly string[]): CommandClass {
  let i = 0;
  while (i < argv.length && WRAPPERS.has(programName(argv[i] ?? ''))) {
    i++;
    while (i < argv.length && (argv[i]?.startsWith('-') || argv[i]?.includes('='))) i++;
  }
  const words = argv.slice(i);
  const first = words[0];
  if (first === undefined) return 'noop';
  const name = programName(first);
  if (POSIX_SHELLS.has(name)) {
    const c = words.indexOf('-c');
    if (c >= 0) return classifyScript(words[c + 1] ?? '');
    return words.slice(1).every((w) => w.startsWith('-')) ? 'shell' : 'app';
  }
  if (NOOPS.has(name)) return 'noop';
  if (name === 'sleep') return words.slice(1).some(isLongSleep) ? 'idle' : 'noop';
  if (name === 'tail' && words.some((w) => /^-[A-Za-z]*[fF]|^--follow/.test(w))) return 'idle';
  return 'app';
}

function isLongSleep(arg: string): boolean {
  if (arg === 'infinity' || arg === 'inf') return true;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  return m !== null && Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 1) >= LONG_SLEEP;
}

const WHILE_TRUE = /^\s*while\s+(?:true|:|\[\s*(?:1|true)\s*\])\s*;?\s*do\b([\s\S]*)\bdone\s*$/;

/** Classifies a `sh -c` script by its commands: any app makes it an app; else any idle one makes it idle. */
export function classifyScript(script: string): CommandClass {
  const loop = WHILE_TRUE.exec(script.trim());
  if (loop) {
    // A loop that only sleeps keeps the container alive; one that runs something supervises an app.
    return classifyScript(loop[1] ?? '') === 'app' ? 'app' : 'idle';
  }
  let result: CommandClass = 'noop';
  for (const piece of script.split(/&&|\|\||[;&|\n]/)) {
    const words = piece.trim().split(/\s+/).filter((w) => w !== '').map((w) => w.replace(/^["']|["']$/g, ''));
    if (words.length === 0 || words[0]?.startsWith('#')) continue;
    const c = classifyArgv(words);
    if (c === 'app') return 'app';
    if (c === 'idle' || (c === 'shell' && result === 'noop')) result = c;
  }
  return result;
}

/** Exec-form argv as the builder passes it (the model keeps exec-form strings unexpanded). */
export function execArgv(instr: InstructionModel): string[] {
  return instr.args.map((w) => w.value ?? w.raw);
}

/** The argv a CMD/ENTRYPOINT runs: its JSON strings, or `/bin/sh -c` with the shell-form text. */
export function commandArgv(instr: InstructionModel): string[] {
  if (instr.json) return execArgv(instr);
  return instr.args.length === 0 ? [] : ['/bin/sh', '-c', instr.args.map((w) => w.raw).join(' ')];
}

export interface EffectiveCommand {
  argv: string[];
  kind: CommandClass;
  /** The instruction that decides what runs (the CMD when there is one, else the ENTRYPOINT), and its arguments. */
  instruction: InstructionModel;
  range: Offsets;
}

/**
 * The command the image runs, from the CMD and ENTRYPOINT of a chain of stages (root first). As the builders do,
 * an ENTRYPOINT drops a CMD set before the current stage, but keeps one set in the same stage.
 */
export function effectiveCommand(stages: readonly { instructions: readonly InstructionModel[] }[]): EffectiveCommand | undefined {
  let entry: InstructionModel | undefined;
  let cmd: InstructionModel | undefined;
  for (const stage of stages) {
    let cmdInStage = false;
    for (const instr of stage.instructions) {
      if (instr.onbuild) continue;
      if (instr.keyword === 'CMD') {
        cmd = instr;
        cmdInStage = true;
      } else if (instr.keyword === 'ENTRYPOINT') {
        entry = instr;
        if (!cmdInStage) cmd = undefined;
      }
    }
  }
  const decisive = cmd ?? entry;
  if (!decisive) return undefined;
  const argv = [...(entry ? commandArgv(entry) : []), ...(cmd ? commandArgv(cmd) : [])];
  const first = decisive.args[0];
  const last = decisive.args.at(-1);
  const range = first && last ? { start: first.range.start, end: last.range.end } : decisive.keywordRange;
  return { argv, kind: classifyArgv(argv), instruction: decisive, range };
}
