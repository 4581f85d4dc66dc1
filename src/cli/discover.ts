import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isComposeFileName } from '../compose/names.js';
import type { FileKind } from '../rule-api/types.js';
import { hasPosixShebang, scriptKindByName } from '../scripts/kinds.js';
import { isDockerfileName } from '../model/file-name.js';
import type { DirectoryListings } from '../io/directory-listings.js';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Discovered {
  files: string[];
  /** Paths named on the command line that do not exist. */
  missing: string[];
  /** Problems met during the walk (unreadable directories): reported, the walk goes on. */
  warnings: string[];
}

/**
 * Expands command-line paths into Dockerfiles. A file named on the command line is always linted; directories are
 * walked for Dockerfile names, skipping VCS and node_modules folders and what .gitignore files exclude (a config
 * file's `ignorePatterns` apply per file, through the config resolver). Symbolic links inside a walked directory are followed only to files inside that directory, so a
 * link never leads the walk out of the tree or round a loop. Synchronous, as the CLI has nothing to do meanwhile. What
 * the walk reads goes to `listings`, where the config lookup finds it.
 */
export function discoverFiles(
  args: readonly string[],
  cwd: string,
  kinds: readonly FileKind[] = FILE_KINDS,
  listings?: DirectoryListings,
): Discovered {
  const wanted = new Set(kinds);
  const files: string[] = [];
  const missing: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();

  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let info;
    try {
      info = statSync(abs);
    } catch {
      missing.push(arg);
      continue;
    }
    if (!info.isDirectory()) {
      add(abs);
      continue;
    }
    walk(abs, realpathSync(abs), []);
  }
  return { files, missing, warnings };

  function add(file: string): void {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  }

  function walk(dir: string, root: string, inherited: readonly { base: string; rules: Ignore }[]): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warnings.push(`Cannot read directory ${path.relative(cwd, dir) || '.'}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    listings?.record(dir, entries.map((e) => e.name));
    const scopes = [...inherited];
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        scopes.push({ base: dir, rules: ignore().add(readFileSync(path.join(dir, '.gitignore'), 'utf8')) });
      } catch {
        // An unreadable .gitignore excludes nothing; the files it would hide get linted.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = attempt(() => realpathSync(full));
        if (target === undefined || !(target === root || target.startsWith(root + path.sep))) continue;
        const info = attempt(() => lstatSync(target));
        // Linked directories are not entered: their content is walked where it really lives, and loops are impossible.
        isDir = false;
        isFile = info?.isFile() ?? false;
      }
      if (isDir && SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (!isDir && !isFile) continue;
      if (excluded(full, isDir, scopes)) continue;
      if (isDir) walk(full, root, scopes);
      else if (isWanted(entry.name, full, wanted)) add(full);
    }
  }

  /**
   * As git decides: the deepest .gitignore with a pattern matching the path wins, so `!Dockerfile` in `sub/`
   * re-includes what `Dockerfile` in the root excludes. (A directory excluded as a whole is never entered, so
   * nothing under it comes back, as in git.)
   */
  function excluded(full: string, isDir: boolean, scopes: readonly { base: string; rules: Ignore }[]): boolean {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const scope = scopes[i];
      if (!scope) continue;
      const rel = path.relative(scope.base, full).split(path.sep).join('/');
      if (!rel) continue;
      const { ignored, unignored } = scope.rules.test(isDir ? rel + '/' : rel);
      if (ignored) return true;
      if (unignored) return false;
    }
    return false;
  }
}

/** Every kind a directory walk picks up unless `--kind` narrows it. */
export const FILE_KINDS: readonly FileKind[] = ['dockerfile', 'compose', 'script'];

/**
 * Whether a walk picks up a file: a Dockerfile name, a Compose file name, or a script (by name, or an extension-less
 * file whose first line is a POSIX-shell shebang: only those few files are opened).
 */
function isWanted(name: string, full: string, kinds: ReadonlySet<FileKind>): boolean {
  if (kinds.has('dockerfile') && isDockerfileName(name)) return true;
  if (kinds.has('compose') && isComposeFileName(name)) return true;
  if (!kinds.has('script')) return false;
  if (scriptKindByName(full)) return true;
  return !name.includes('.', 1) && hasPosixShebang(firstLine(full));
}

function firstLine(file: string): string {
  const buffer = Buffer.alloc(128);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('latin1');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The value, or undefined where the file system refused (a dangling link, a permission). */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
