import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { isExcluded, parseDockerignore, type IgnoreRule } from './dockerignore.js';

/** Scripts larger than this are not read (a shell script of a megabyte is generated, and not worth following). */
const MAX_SCRIPT_BYTES = 1024 * 1024;

export type EntryKind = 'file' | 'dir';

/** A text file of the build context, as a COPY would put it in the image. */
export interface ContextFile {
  /** Absolute host path. */
  readonly path: string;
  /** Path relative to the context root, with forward slashes: what messages show. */
  readonly relPath: string;
  readonly text: string;
}

/**
 * The files a build sends to the builder: the context directory less what `.dockerignore` (or
 * `<Dockerfile>.dockerignore` beside the Dockerfile, which BuildKit prefers) excludes. Only read, never executed;
 * symbolic links are followed only while they stay inside the context. Every file consulted is recorded in
 * `dependencies`, so that a cache or an editor knows when a result is stale.
 */
export class BuildContext {
  private readonly consulted = new Set<string>();
  /** The .dockerignore files that decide what the context holds: they matter once the context is looked into. */
  private ignoreFiles: readonly string[] = [];
  private readonly rules: IgnoreRule[];
  private readonly realRoot: string | undefined;

  private constructor(
    readonly root: string,
    ignoreText: string | undefined,
    /** Unsaved editor buffers win over the disk. */
    private readonly overlay: ((absPath: string) => string | undefined) | undefined,
  ) {
    this.rules = ignoreText === undefined ? [] : parseDockerignore(ignoreText);
    try {
      this.realRoot = realpathSync(root);
    } catch {
      this.realRoot = undefined;
    }
  }

  /**
   * The context of a Dockerfile: `contextDir` when given, else the Dockerfile's directory. Undefined for a text
   * with no file behind it (standard input without a file name) and no context given.
   */
  static forDockerfile(
    dockerfile: string | undefined,
    contextDir: string | undefined,
    overlay?: (absPath: string) => string | undefined,
  ): BuildContext | undefined {
    const root = contextDir ?? (dockerfile === undefined ? undefined : path.dirname(dockerfile));
    if (root === undefined) return undefined;
    const absRoot = path.resolve(root);
    const candidates = [
      ...(dockerfile === undefined ? [] : [dockerfile + '.dockerignore']),
      path.join(absRoot, '.dockerignore'),
    ];
    const probe = new BuildContext(absRoot, undefined, overlay);
    let ignoreText: string | undefined;
    const read: string[] = [];
    for (const candidate of candidates) {
      read.push(candidate);
      ignoreText = probe.readHostText(candidate);
      if (ignoreText !== undefined) break;
    }
    const context = new BuildContext(absRoot, ignoreText, overlay);
    context.ignoreFiles = read;
    return context;
  }

  /**
   * The files a result depends on (absolute): those read, and the .dockerignore files (present or not) once the
   * context was looked into. Empty when no script was looked for.
   */
  get dependencies(): ReadonlySet<string> {
    return this.consulted;
  }

  private consult(): void {
    if (this.ignoreFiles.length === 0) return;
    for (const file of this.ignoreFiles) this.consulted.add(file);
    this.ignoreFiles = [];
  }

  /** What a context-relative path is, if it is in the context at all. */
  kind(relPath: string): EntryKind | undefined {
    this.consult();
    const rel = cleanRelative(relPath);
    if (rel === undefined) return undefined;
    if (rel !== '' && isExcluded(this.rules, rel)) return undefined;
    const abs = this.inside(rel);
    if (abs === undefined) return undefined;
    try {
      const info = statSync(abs);
      return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  }

  /** The names in a context directory that the context keeps, sorted. */
  list(relDir: string): string[] {
    this.consult();
    const rel = cleanRelative(relDir);
    if (rel === undefined) return [];
    const abs = this.inside(rel);
    if (abs === undefined) return [];
    try {
      return readdirSync(abs)
        .filter((name) => !isExcluded(this.rules, rel === '' ? name : rel + '/' + name))
        .sort();
    } catch {
      return [];
    }
  }

  /** A text file of the context; undefined when absent, excluded, not a regular file, too large or not UTF-8. */
  file(relPath: string): ContextFile | undefined {
    const rel = cleanRelative(relPath);
    if (rel === undefined || rel === '' || this.kind(rel) !== 'file') return undefined;
    const abs = path.join(this.root, rel);
    this.consulted.add(abs);
    const text = this.readHostText(abs);
    return text === undefined ? undefined : { path: abs, relPath: rel, text };
  }

  private readHostText(abs: string): string | undefined {
    const buffered = this.overlay?.(abs);
    if (buffered !== undefined) return buffered;
    try {
      if (!statSync(abs).isFile() || statSync(abs).size > MAX_SCRIPT_BYTES) return undefined;
      const bytes = readFileSync(abs);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      return undefined;
    }
  }

  /** The host path of `rel`, unless a symbolic link on the way leads out of the context. */
  private inside(rel: string): string | undefined {
    const abs = rel === '' ? this.root : path.join(this.root, rel);
    if (this.realRoot === undefined) return undefined;
    try {
      lstatSync(abs);
      const real = realpathSync(abs);
      return real === this.realRoot || real.startsWith(this.realRoot + path.sep) ? abs : undefined;
    } catch {
      return undefined;
    }
  }
}

/** `./a/../b/` → `b`; a path climbing out of the context (`../x`) is not in it. A leading `/` means the root. */
export function cleanRelative(p: string): string | undefined {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out.join('/');
}
