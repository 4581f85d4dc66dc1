import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/types.js';
import { repoRoot } from './cli.js';
import { findings } from './lint.js';

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string | null;
  severity: number;
  /** The wording is part of the expectation: a change to it shows in the fixture's diff. */
  message: string;
}

/**
 * Checks every fixture of a rule under fixtures/rules/<id>/: `fires-*.Dockerfile` must give exactly the findings in
 * its `.expected.json` (all positions and the message), `silent-*.Dockerfile` must give none. `VOLINT_UPDATE_FIXTURES=1` rewrites the
 * expectations (read the diff before committing it).
 */
export function describeRuleFixtures(ruleId: string, config: Partial<ResolvedConfig> = {}): void {
  const dir = path.join(repoRoot, 'fixtures', 'rules', ruleId);
  const files = readdirSync(dir).filter((f) => /\.(Dockerfile|Containerfile)$/.test(f) || f === 'Dockerfile');
  describe(`${ruleId} fixtures`, () => {
    it('has fixtures that fire and fixtures that stay silent', () => {
      expect(files.some((f) => f.startsWith('fires-'))).toBe(true);
      expect(files.some((f) => f.startsWith('silent-'))).toBe(true);
    });
    for (const file of files) {
      it(file, async () => {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const actual = await findings(text, ruleId, config);
        if (file.startsWith('silent-')) {
          expect(actual).toEqual([]);
          return;
        }
        const expectedFile = path.join(dir, file.replace(/\.[^.]+$/, '.expected.json'));
        if (process.env.VOLINT_UPDATE_FIXTURES === '1') writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
        expect(existsSync(expectedFile), `${expectedFile} is missing`).toBe(true);
        const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedFinding[];
        expect(actual.length).toBeGreaterThan(0);
        expect(actual).toEqual(expected);
      });
    }
  });
}
