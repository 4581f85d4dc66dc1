import type { DockerfileModel, InstructionModel, StageModel } from '../model/types.js';
import { classifyCommand, runsScript, type CommandClass } from '../shell/index.js';
import type { Offsets } from '../text/line-index.js';

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
  /** What it does over time, by the shell analysis (shell/command-class.ts). */
  kind: CommandClass;
  /** The instruction that decides what runs (the CMD when there is one, else the ENTRYPOINT), and its arguments. */
  instruction: InstructionModel;
  range: Offsets;
}

/** The CMD and ENTRYPOINT that decide what the image runs, as effectiveCommand reads them. */
function commandInstructions(stages: readonly { instructions: readonly InstructionModel[] }[]): { entry?: InstructionModel; cmd?: InstructionModel } {
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
  return { ...(entry ? { entry } : {}), ...(cmd ? { cmd } : {}) };
}

/** What a chain of stages (root first) runs: the ENTRYPOINT's argv, then the CMD's. */
function chainArgv(stages: readonly { instructions: readonly InstructionModel[] }[]): { argv: string[]; decisive: InstructionModel } | undefined {
  const { entry, cmd } = commandInstructions(stages);
  const decisive = cmd ?? entry;
  if (!decisive) return undefined;
  return { argv: [...(entry ? commandArgv(entry) : []), ...(cmd ? commandArgv(cmd) : [])], decisive };
}

/**
 * The command the image runs, from the CMD and ENTRYPOINT of a chain of stages (root first). As the builders do,
 * an ENTRYPOINT drops a CMD set before the current stage, but keeps one set in the same stage. Its class comes
 * from the shell analysis, with every variable unknown (a container's environment is not the build's); one that
 * runs a script needs the shell parser loaded (see imageRunsScript).
 */
export function effectiveCommand(stages: readonly { instructions: readonly InstructionModel[] }[]): EffectiveCommand | undefined {
  const chain = chainArgv(stages);
  if (!chain) return undefined;
  const { argv, decisive } = chain;
  const first = decisive.args[0];
  const last = decisive.args.at(-1);
  const range = first && last ? { start: first.range.start, end: last.range.end } : decisive.keywordRange;
  return { argv, kind: classifyCommand(argv), instruction: decisive, range };
}

/** Whether the command of an image any stage builds runs a script (`CMD sleep 1`, `["sh", "-c", ...]`): classifying it needs the shell parser. */
export function imageRunsScript(model: DockerfileModel): boolean {
  if (model.windows) return false;
  return model.stages.some((stage) => {
    const chain: StageModel[] = [];
    for (let s: StageModel | undefined = stage; s; s = s.parent) chain.unshift(s);
    const argv = chainArgv(chain)?.argv;
    return argv !== undefined && runsScript(argv);
  });
}
