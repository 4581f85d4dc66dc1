import type { PathPattern } from '../model/path-pattern.js';
import type { Offsets } from '../text/line-index.js';
import type { CommandRun } from './command-class.js';

/**
 * What a command does to a path:
 * - write: puts content at the path (a file, or into the directory when the path is one);
 * - mkdir: creates the directory itself (creating a volume's own directory changes nothing);
 * - touch: creates an empty file or only updates times;
 * - delete: removes the path;
 * - permission: changes owner, group, mode, ACL or capabilities;
 * - read: only reads.
 */
export type EffectKind = 'write' | 'mkdir' | 'touch' | 'delete' | 'permission' | 'read';

export interface FileEffect {
  kind: EffectKind;
  /** The path: exact, a glob, or a known prefix with an unknown tail (no guessing: only what is known). */
  path: PathPattern;
  /** Reaches every entry below the path (`chown -R`, `rm -r`, `cp -r` destination contents). */
  recursive: boolean;
  /** Command name as it runs (`touch`, `chown`), or the redirect operator (`>`). */
  command: string;
  /** The simple command or the redirect, in Dockerfile offsets: what a finding marks. */
  range: Offsets;
  /** The word naming the path, in Dockerfile offsets. */
  pathRange: Offsets;
  /** For chown, chgrp and chmod: the owner, group or mode they set, when known (`app:app`, `0750`). */
  setting?: string;
  /**
   * Set when the command ran inside a script the RUN executed or sourced: where, outermost script first. `range`
   * and `pathRange` then mark the command of the RUN that started it.
   */
  via?: readonly ScriptLocation[];
}

/** A user or group a RUN creates with a known id, so that `chown 1000 /d` and `chown app /d` can be compared. */
export interface Account {
  kind: 'user' | 'group';
  name: string;
  id: string;
}

/** A file the build context (or a heredoc) puts in the image, which a RUN may execute or source. */
export interface ScriptFile {
  /** Host path of the file: a build-context file, or the Dockerfile for a `COPY <<EOF` heredoc. */
  path: string;
  /** What messages call it: the context-relative path (`scripts/setup.sh`). */
  display: string;
  /** 0-based line of the file where the script text starts (a heredoc body starts below its COPY line). */
  firstLine: number;
}

export interface ExternalScript {
  text: string;
  file: ScriptFile;
}

/** The script at an absolute image path when volint knows its text; undefined when it does not (never guessed). */
export type ScriptResolver = (imagePath: string) => ExternalScript | undefined;

/** Where, inside a script the RUN executed, a command ran: 0-based lines and columns of that file, end exclusive. */
export interface ScriptLocation {
  file: ScriptFile;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface RunAnalysis {
  effects: FileEffect[];
  /** Users and groups created with a known id (`useradd -u`, `groupadd -g`, `adduser -u`, `addgroup -g`). */
  accounts: Account[];
  /**
   * The command lines it ran that are not no-ops, each with its class (command-class.ts): a wrapper or a shell is
   * not listed, what it runs is. Whether a RUN adds an app beside the paths it prepares.
   */
  commands: CommandRun[];
  /**
   * False when the script could not be parsed cleanly, or nests deeper than the analysis follows (over 100
   * compound levels, over 8 shells within shells); effects found in the clean parts are still listed.
   */
  clean: boolean;
}
