/**
 * The one table of shell names. volint reads a script as POSIX shell (tree-sitter-bash reads its syntax) when the
 * program that runs it is one of these; anything else (cmd, powershell, python, fish) is left alone.
 */
export const POSIX_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'ksh', 'mksh', 'yash', 'zsh']);

/** `/bin/sh` → `sh`, `C:\Windows\System32\cmd.exe` → `cmd`: a program's name, as the tables know it. */
export function programName(program: string): string {
  return (program.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.exe$/, '');
}

/**
 * Whether a program that runs a script (a `#!` line, a SHELL instruction) reads it as POSIX shell: one of the
 * shells, or busybox, whose sh is ash (`#!/bin/busybox sh`).
 */
export function isPosixShellInterpreter(program: string): boolean {
  const name = programName(program);
  return POSIX_SHELLS.has(name) || name === 'busybox';
}

/** The program a `#!` line runs (`#!/usr/bin/env bash` → `/bin/bash`'s name, `bash`); undefined without one. */
export function shebangProgram(text: string): string | undefined {
  const m = /^\uFEFF?#![ \t]*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!m) return undefined;
  const program = programName(m[1] ?? '');
  // `env -S 'bash -e'` splits a string volint does not: no known interpreter.
  return program === 'env' ? programName(m[2] === undefined || m[2] === '-S' ? '' : m[2]) : program;
}
