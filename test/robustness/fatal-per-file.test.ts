import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { lintFiles } from '../../src/engine/lint-many.js';
import { lintText } from '../../src/engine/linter.js';
import type { DockerfileRule } from '../../src/rule-api/types.js';
import { formatNames, loadFormatter } from '../../src/report/formats.js';

/** A rule with a bug: it throws on any file that declares a volume named /boom. */
const buggy: DockerfileRule = {
  meta: { id: 'buggy', type: 'problem', reads: 'dockerfile', needs: [], docs: { description: 'd', url: 'u' }, defaultSeverity: 'error', messages: {} },
  check(context) {
    if (context.model.text.includes('/boom')) throw new RangeError('Invalid string length');
  },
};

const dir = mkdtempSync(path.join(tmpdir(), 'volint-fatal-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a file that makes volint fail', () => {
  it('gets a fatal message, and the other files are still linted', async () => {
    const boom = path.join(dir, 'boom.Dockerfile');
    const fine = path.join(dir, 'fine.Dockerfile');
    writeFileSync(boom, 'FROM debian\nVOLUME /boom\n');
    writeFileSync(fine, 'FROM debian\nVOLUME /data\nRUN touch /data/x\n');
    const results = await lintFiles([boom, fine], { rules: [...rules, buggy], configFor: () => DEFAULT_CONFIG });
    expect(results.map((r) => r.messages.map((m) => (m.fatal ? `fatal: ${m.message}` : m.ruleId)))).toEqual([
      ['fatal: volint failed on this file (Invalid string length); the other files were linted. Please report it with this file.'],
      ['volume-write-after-declare'],
    ]);
    expect(results[0]).toMatchObject({ errorCount: 1, fatalErrorCount: 1 });

    // Every format shows it, next to the other file's finding.
    const meta = new Map([...rules, buggy].map((r) => [r.meta.id, r.meta]));
    for (const name of formatNames) {
      const out = (await loadFormatter(name))(results, { cwd: dir, rules: meta, version: '0.0.0', color: false });
      expect(out, name).toContain('Invalid string length');
      expect(out, name).toContain('volume-write-after-declare');
    }
  });

  it('is fatal for that text through the API too, never an exception', async () => {
    const result = await lintText('FROM debian\nVOLUME /boom\n', { filePath: 'Dockerfile', config: DEFAULT_CONFIG, rules: [buggy] });
    expect(result.fatalErrorCount).toBe(1);
  });
});
