import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { fileKindOf } from '../../src/engine/file-kinds.js';
import { lintText } from '../../src/engine/linter.js';
import type { LintMessage } from '../../src/rule-api/types.js';
import { repoRoot } from './cli.js';

export interface RuntimeFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string | undefined;
  /** The wording is part of the expectation: a change to it shows in the fixture's diff. */
  message: string;
  /** The text the finding marks. */
  text: string;
  related?: string[];
}

/** The Compose files and scripts of a fixture folder (its Dockerfiles, `.env` and data are only read by them). */
export function lintTargets(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.endsWith('expected.json') && fileKindOf(f, readFileSync(f, 'utf8')) !== 'dockerfile')
    .sort();
}

/** Lints every Compose file and script of a folder; the messages of `ruleId` (all rules' when undefined). */
export async function lintFolder(dir: string, ruleId?: string): Promise<{ file: string; text: string; message: LintMessage }[]> {
  const out: { file: string; text: string; message: LintMessage }[] = [];
  for (const file of lintTargets(dir)) {
    const text = readFileSync(file, 'utf8');
    const result = await lintText(text, { filePath: file, config: DEFAULT_CONFIG, rules });
    for (const message of result.messages) if (ruleId === undefined || message.ruleId === ruleId) out.push({ file, text, message });
  }
  return out;
}

export async function runtimeFindings(dir: string, ruleId: string): Promise<RuntimeFinding[]> {
  return (await lintFolder(dir, ruleId)).map(({ file, text, message: m }) => ({
    file: path.relative(dir, file),
    line: m.line,
    column: m.column,
    endLine: m.endLine,
    endColumn: m.endColumn,
    messageId: m.messageId,
    message: m.message,
    text: text.slice(m.range[0], m.range[1]),
    ...(m.relatedLocations ? { related: m.relatedLocations.map((r) => `${r.filePath === undefined ? '' : path.relative(dir, r.filePath)}:${String(r.line)}: ${r.message}`) } : {}),
  }));
}

/**
 * Checks every fixture folder of a run-time rule under fixtures/rules/<id>/: each Compose file and script of a
 * `fires-*` folder together give exactly the findings of its `expected.json`, a `silent-*` folder gives none.
 * `VOLINT_UPDATE_FIXTURES=1` rewrites the expectations (read the diff before committing it).
 */
export function describeRuntimeFixtures(ruleId: string): void {
  const dir = path.join(repoRoot, 'fixtures', 'rules', ruleId);
  const cases = readdirSync(dir).sort();
  describe(`${ruleId} fixtures`, () => {
    it('has fixtures that fire and fixtures that stay silent', () => {
      expect(cases.some((f) => f.startsWith('fires-'))).toBe(true);
      expect(cases.some((f) => f.startsWith('silent-'))).toBe(true);
    });
    for (const name of cases) {
      it(name, async () => {
        const caseDir = path.join(dir, name);
        const actual = await runtimeFindings(caseDir, ruleId);
        if (name.startsWith('silent-')) {
          expect(actual).toEqual([]);
          return;
        }
        const expectedFile = path.join(caseDir, 'expected.json');
        if (process.env.VOLINT_UPDATE_FIXTURES === '1') writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
        expect(existsSync(expectedFile), `${expectedFile} is missing`).toBe(true);
        expect(actual.length).toBeGreaterThan(0);
        expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')) as RuntimeFinding[]);
      });
    }
  });
}
