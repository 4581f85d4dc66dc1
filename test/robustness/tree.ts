import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LintResult } from '../../src/rule-api/types.js';

/** A file's content, or a symbolic link to the given target (relative targets are relative to the link). */
export type Entry = string | Uint8Array | { symlink: string } | { dir: true };

/** Creates a temporary folder holding `entries` (paths relative to it) and returns its path. */
export function tree(entries: Record<string, Entry>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'volint-robust-'));
  for (const [name, entry] of Object.entries(entries)) {
    const full = path.join(root, name);
    mkdirSync(path.dirname(full), { recursive: true });
    if (typeof entry === 'string' || entry instanceof Uint8Array) writeFileSync(full, entry);
    else if ('symlink' in entry) symlinkSync(entry.symlink, full);
    else mkdirSync(full, { recursive: true });
  }
  return root;
}

/** JSON results keyed by path relative to `root`. */
export function byFile(stdout: string, root: string): Record<string, LintResult> {
  const results = JSON.parse(stdout) as LintResult[];
  return Object.fromEntries(results.map((r) => [path.relative(root, r.filePath), r]));
}

/** A stack trace line, which a user must never see. */
export const STACK_TRACE = /\n\s+at .+:\d+/;
