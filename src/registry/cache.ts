import { hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../io/write-atomic.js';
import type { ImageConfig } from './client.js';

/**
 * The user's cache folder for volint (never its installation): `$VOLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/volint` or
 * `~/.cache/volint` on Linux, `~/Library/Caches/volint` on macOS, `%LOCALAPPDATA%\volint\Cache` on Windows.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VOLINT_CACHE_DIR) return path.resolve(env.VOLINT_CACHE_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'volint', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'volint');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'volint');
}

/** Where a reference pointed when it was last checked. */
export interface CachedRef {
  /** Digest of the platform's manifest (or the local image ID) whose config is cached. */
  digest: string;
  /** When the registry or local store was last asked (ms since the epoch). */
  checked: number;
  /** Where the config came from: `registry HOST` or `local store (TOOL)`. */
  from: string;
}

/**
 * Image configs by digest (`configs/sha256-….json`: content never changes for a digest), and what each reference and
 * platform resolved to (`refs/….json`: re-checked after a TTL, since a tag moves).
 */
export class ImageCache {
  /** The names in `refs/`, read once a second at most: a warm run asks for many images it has not cached. */
  private refNames: { names: Set<string>; at: number } | undefined;

  constructor(readonly dir: string) {}

  readRef(ref: string, platform: string): CachedRef | undefined {
    const name = `${key(`${ref}\n${platform}`)}.json`;
    if (!this.mayHoldRef(name)) return undefined;
    const data = this.read(path.join('refs', name));
    const r = data as Partial<CachedRef> | undefined;
    return typeof r?.digest === 'string' && typeof r.checked === 'number' && typeof r.from === 'string' ? (r as CachedRef) : undefined;
  }

  async writeRef(ref: string, platform: string, value: CachedRef): Promise<void> {
    const name = `${key(`${ref}\n${platform}`)}.json`;
    await this.write(path.join('refs', name), { ref, platform, ...value });
    this.refNames?.names.add(name);
  }

  /**
   * Whether `refs/` may hold the entry: a name missing from a listing older than a second is looked for in a new one
   * (another process may have written it since, and a language server runs for hours).
   */
  private mayHoldRef(name: string): boolean {
    if (this.refNames?.names.has(name)) return true;
    const now = Date.now();
    if (this.refNames && now - this.refNames.at < 1000) return false;
    let names: string[];
    try {
      names = readdirSync(path.join(this.dir, 'refs'));
    } catch {
      names = [];
    }
    this.refNames = { names: new Set(names), at: now };
    return this.refNames.names.has(name);
  }

  readConfig(digest: string): ImageConfig | undefined {
    const data = this.read(path.join('configs', `${digest.replace(/[^\w.-]/g, '-')}.json`));
    return data !== null && typeof data === 'object' ? (data) : undefined;
  }

  async writeConfig(digest: string, config: ImageConfig): Promise<void> {
    await this.write(path.join('configs', `${digest.replace(/[^\w.-]/g, '-')}.json`), config);
  }

  /** Synchronous: a warm run reads two small files per image, and a promise per read cost more than the read. */
  private read(file: string): unknown {
    try {
      return JSON.parse(readFileSync(path.join(this.dir, file), 'utf8')) as unknown;
    } catch {
      // Absent or damaged: as if not cached.
      return undefined;
    }
  }

  /** Written to a temporary file and renamed, so that a parallel run never reads half an entry. */
  private async write(file: string, data: unknown): Promise<void> {
    await writeFileAtomic(path.join(this.dir, file), JSON.stringify(data));
  }
}

/** The one-shot hash: a warm run keys every image it looks up, and a Hash object per key cost twice as much. */
function key(text: string): string {
  return hash('sha256', text).slice(0, 32);
}
