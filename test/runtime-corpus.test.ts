import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { decodeSource } from '../src/engine/source.js';
import { fileKindOf } from '../src/engine/file-kinds.js';
import { lintText } from '../src/engine/linter.js';
import { CORPUS } from './helpers/corpus.js';

/** The Compose files (with the Dockerfiles they build) and the scripts of the shared corpus. */
const RUNTIME = path.dirname(CORPUS);
const present = existsSync(path.join(RUNTIME, 'compose')) && existsSync(path.join(RUNTIME, 'scripts'));
if (!present) console.warn(`Skipping the Compose and script corpus run: ${RUNTIME}/compose and scripts are absent.`);

function targets(folder: string): string[] {
  return readdirSync(path.join(RUNTIME, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe.runIf(present)('the Compose and script corpus', () => {
  for (const folder of ['compose', 'scripts']) {
    it(`lints every file of ${folder}/ without a crash, with short messages on real ranges`, async () => {
      let linted = 0;
      for (const file of targets(folder)) {
        const decoded = decodeSource(readFileSync(file));
        if (!decoded.ok) continue;
        const kind = fileKindOf(file, decoded.text);
        if (kind === 'dockerfile') continue;
        linted++;
        const result = await lintText(decoded.text, { filePath: file, config: DEFAULT_CONFIG, rules });
        for (const m of result.messages) {
          const where = `${path.relative(RUNTIME, file)}:${String(m.line)}`;
          // The only file that cannot be read is YAML that no parser accepts (techno-tim's nginx compose file).
          if (m.fatal) expect([where, m.message]).toEqual([where, expect.stringMatching(/not valid YAML/) as unknown]);
          else {
            expect(m.range[1], where).toBeGreaterThan(m.range[0]);
            expect(m.range[1], where).toBeLessThanOrEqual(decoded.text.length);
            expect(m.message.length, where).toBeLessThanOrEqual(200);
          }
        }
      }
      expect(linted).toBeGreaterThan(folder === 'compose' ? 1400 : 450);
    }, 300_000);
  }
});
