import path from 'node:path';
import { isPosixShellInterpreter, shebangProgram } from '../model/shells.js';

/**
 * The files whose shell commands volint reads for `docker` lines: shell scripts (by extension or a POSIX-shell
 * shebang), Makefiles (recipe lines), GitHub Actions workflows (`run:` steps) and GitLab CI files (`script:` lines).
 */
export type ScriptKind = 'shell' | 'makefile' | 'github-actions' | 'gitlab-ci';

const SHELL_EXTENSION = /\.(?:sh|bash)$/i;
const MAKEFILE = /^(?:GNUmakefile|[Mm]akefile(?:\..+)?|.+\.mk)$/;
const GITLAB_CI = /^\.gitlab-ci(?:[.-][^/]*)?\.ya?ml$/i;

/** The kind a file name alone decides; `undefined` leaves it to the content (a shebang). */
export function scriptKindByName(file: string): ScriptKind | undefined {
  const name = path.basename(file);
  const parts = file.split(/[\\/]/);
  if (SHELL_EXTENSION.test(name)) return 'shell';
  if (MAKEFILE.test(name)) return 'makefile';
  if (/\.ya?ml$/i.test(name)) {
    const dir = parts.slice(-3, -1).join('/');
    if (dir === '.github/workflows') return 'github-actions';
    if (GITLAB_CI.test(name) || parts.slice(-3, -1).join('/') === '.gitlab/ci') return 'gitlab-ci';
  }
  return undefined;
}

/** `#!/bin/sh`, `#!/usr/bin/env bash`, `#!/bin/busybox sh`. */
export function hasPosixShebang(text: string): boolean {
  const interpreter = shebangProgram(text);
  return interpreter !== undefined && isPosixShellInterpreter(interpreter);
}

/** The kind of a file given its name and (for extension-less files) its first bytes. */
export function scriptKind(file: string, text: string): ScriptKind | undefined {
  const byName = scriptKindByName(file);
  if (byName) return byName;
  return !path.basename(file).includes('.') && hasPosixShebang(text) ? 'shell' : undefined;
}
