import { ScriptSource, walkCommands, type ArgWord } from '../shell/index.js';
import type { Offsets } from '../text/line-index.js';
import { parseDockerCommand, type DockerCommand } from './docker-cli.js';
import type { ScriptKind } from './kinds.js';
import { scriptSnippets } from './sources.js';
import { scriptWorkingDirectory } from './working-directory.js';

/** The docker and podman command lines of a script file, in file order. */
export interface ScriptModel {
  file: string;
  text: string;
  kind: ScriptKind;
  commands: DockerCommand[];
  /** The directory its docker commands run in, when the file says (scriptWorkingDirectory); else undefined. */
  workingDirectory: string | undefined;
  /** False when part of a script could not be parsed: findings there may be missing, never guessed. */
  clean: boolean;
  problem?: { message: string; range: Offsets };
}

/** Reads the docker commands of a script; the shell parser must be loaded. */
export function readScript(file: string, text: string, kind: ScriptKind): ScriptModel {
  const { snippets, problem } = scriptSnippets(kind, text);
  const commands: DockerCommand[] = [];
  const seen = new Set<string>();
  const cwd = scriptWorkingDirectory(file, text, kind);
  let clean = true;
  const onCommand = (argv: readonly ArgWord[], range: Offsets, depth: number): void => {
    // `trap 'docker rm -f db' EXIT` runs its first argument as a script when the shell exits.
    const [name, action] = argv;
    if (name?.value === 'trap' && action?.value !== undefined && depth < 2) {
      const source = action.source() ?? ScriptSource.spanning(action.value, action.range);
      walkCommands(source, new Map(), (inner, innerRange) => {
        onCommand(inner, innerRange, depth + 1);
      });
      return;
    }
    const command = parseDockerCommand(argv, range, file, text, cwd);
    if (!command) return;
    // A function called twice, or a loop, runs the same line again: one command per place in the file.
    const key = `${command.verb}:${String(range.start)}:${String(range.end)}`;
    if (seen.has(key)) return;
    seen.add(key);
    commands.push(command);
  };
  for (const snippet of snippets) {
    const ok = walkCommands(snippet.source, snippet.vars, (argv, range) => {
      onCommand(argv, range, 0);
    });
    clean &&= ok;
  }
  commands.sort((a, b) => a.range.start - b.range.start);
  return { file, text, kind, commands, workingDirectory: cwd, clean, ...(problem ? { problem } : {}) };
}
