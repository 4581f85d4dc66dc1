import { POSIX_SHELLS, programName } from '../model/shells.js';

/**
 * What a command line does over time, as far as a container that runs it is concerned (docs/volume-semantics.md
 * section 5):
 * - noop: exits at once (`true`, `echo ...`): a data container only has to exist, so this is its right command;
 * - idle: keeps running without doing anything (`sleep infinity`, `tail -f /dev/null`, an endless loop of no-ops);
 * - shell: an interactive shell, which exits at once without a terminal;
 * - app: anything else, and anything the analysis cannot read.
 */
export type CommandClass = 'noop' | 'idle' | 'shell' | 'app';

/** A command line the analysis ran and did not follow into another one (a wrapper or a shell is followed). */
export interface CommandRun {
  kind: CommandClass;
  /** It had effects on paths (`mkdir -p /data`), which the RUN analysis lists. */
  hadEffects: boolean;
}

const NOOPS: ReadonlySet<string> = new Set(['true', 'false', ':', 'echo', 'printf', 'exit', 'set', 'trap', 'wait']);
/** A sleep this long (seconds) stands for "forever": nobody runs a data container for an hour on purpose. */
const LONG_SLEEP = 3600;
const UNIT_SECONDS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * The class of one command line by its own name and arguments; `endless` when it runs in a loop that never ends,
 * where anything but an app keeps the container alive. An unknown name, or an unknown word that decides, makes it an app.
 */
export function runClass(argv: readonly (string | undefined)[], endless: boolean): CommandClass {
  const kind = ownClass(argv);
  return endless && kind !== 'app' ? 'idle' : kind;
}

function ownClass(argv: readonly (string | undefined)[]): CommandClass {
  const [program, ...args] = argv;
  if (program === undefined) return 'app';
  const name = programName(program);
  // A shell the analysis did not follow runs no script it knows: interactive when it has no operand.
  if (POSIX_SHELLS.has(name)) return args.every((w) => w?.startsWith('-')) ? 'shell' : 'app';
  if (NOOPS.has(name)) return 'noop';
  // An unknown duration may be short or long.
  if (name === 'sleep') return args.some((w) => w === undefined) ? 'app' : args.some((w) => w !== undefined && isLongSleep(w)) ? 'idle' : 'noop';
  if (name === 'tail' && args.some((w) => w !== undefined && /^-[A-Za-z]*[fF]|^--follow/.test(w))) return 'idle';
  return 'app';
}

function isLongSleep(arg: string): boolean {
  if (arg === 'infinity' || arg === 'inf') return true;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  return m !== null && Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 1) >= LONG_SLEEP;
}

/** The class of a whole run: any app makes it an app; else any idle command makes it idle; else a shell is a shell. */
export function combinedClass(runs: readonly CommandRun[], clean: boolean): CommandClass {
  if (!clean) return 'app';
  let result: CommandClass = 'noop';
  for (const { kind } of runs) {
    if (kind === 'app') return 'app';
    if (kind === 'idle' || (kind === 'shell' && result === 'noop')) result = kind;
  }
  return result;
}

/** `while true`, `while :`, `while [ 1 ]`, `until false`: a loop its condition never ends. */
export function isEndlessCondition(keyword: string, condition: string): boolean {
  const text = condition.trim().replace(/\s*;$/, '');
  if (keyword === 'until') return text === 'false';
  return /^(?:true|:|\[\s*(?:1|true)\s*\]|\[\[\s*(?:1|true)\s*\]\])$/.test(text);
}
