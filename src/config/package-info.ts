import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** volint's own package.json, found upward from this module (it runs from src/ in tests and dist/src/ when built). */
export function packageInfo(): { version: string; root: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'volint') return { version: pkg.version ?? '0.0.0', root: dir };
    } catch {
      // Not here: keep going up.
    }
    const up = path.dirname(dir);
    if (up === dir) return { version: '0.0.0', root: dir };
    dir = up;
  }
}
