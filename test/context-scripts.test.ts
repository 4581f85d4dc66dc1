import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { isExcluded, parseDockerignore } from '../src/context/dockerignore.js';
import { lintText } from '../src/engine/linter.js';
import type { LintMessage } from '../src/rule-api/types.js';
import { rules } from '../rules/index.js';
import { cli, repoRoot } from './helpers/cli.js';

const FIXTURES = path.join(repoRoot, 'fixtures', 'context');

interface JsonResult {
  messages: LintMessage[];
}
interface SarifLog {
  runs: {
    artifacts: { location: { uri: string }; roles?: string[] }[];
    results: { relatedLocations: { physicalLocation: { artifactLocation: { index: number }; region: unknown } }[] }[];
  }[];
}
const messagesOf = (stdout: string): LintMessage[] => (JSON.parse(stdout) as JsonResult[])[0]?.messages ?? [];
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A finding as the fixtures record it: positions, rule, and where the related locations point (context-relative). */
function summary(message: LintMessage, root: string): unknown {
  return {
    ruleId: message.ruleId,
    line: message.line,
    column: message.column,
    endLine: message.endLine,
    endColumn: message.endColumn,
    message: message.message,
    related: (message.relatedLocations ?? []).map((r) => ({
      file: r.filePath === undefined ? null : path.relative(root, r.filePath).split(path.sep).join('/'),
      line: r.line,
      column: r.column,
      message: r.message,
    })),
  };
}

async function lintFixture(dir: string): Promise<{ messages: LintMessage[]; dependencies: string[] }> {
  const file = path.join(dir, 'Dockerfile');
  const result = await lintText(readFileSync(file, 'utf8'), { filePath: file, config: DEFAULT_CONFIG, rules });
  return { messages: result.messages, dependencies: result.dependencies ?? [] };
}

describe('build-context scripts: fixtures', () => {
  const cases = readdirSync(FIXTURES).filter((name) => /^(fires|silent)-/.test(name));

  it('has fixtures that fire and fixtures that stay silent', () => {
    expect(cases.some((c) => c.startsWith('fires-'))).toBe(true);
    expect(cases.some((c) => c.startsWith('silent-'))).toBe(true);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(FIXTURES, name);
      const { messages } = await lintFixture(dir);
      const actual = messages.map((m) => summary(m, dir));
      if (name.startsWith('silent-')) {
        expect(actual).toEqual([]);
        return;
      }
      const expectedFile = path.join(dir, 'expected.json');
      if (process.env.VOLINT_UPDATE_FIXTURES === '1') writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
      expect(existsSync(expectedFile), `${expectedFile} is missing`).toBe(true);
      expect(actual.length).toBeGreaterThan(0);
      expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }

  it('names the script line in the message and points a related location at it', async () => {
    const dir = path.join(FIXTURES, 'fires-copy-file');
    const { messages, dependencies } = await lintFixture(dir);
    const chown = messages.find((m) => m.ruleId === 'volume-permissions-after-declare');
    expect(chown?.message).toContain('setup.sh:5');
    expect(chown?.line).toBe(5);
    expect(chown?.relatedLocations?.[0]).toMatchObject({ filePath: path.join(dir, 'setup.sh'), line: 5, column: 1 });
    expect(dependencies).toContain(path.join(dir, 'setup.sh'));
  });

  it('records no dependency for a Dockerfile whose RUNs execute no script', async () => {
    const file = path.join(repoRoot, 'fixtures', 'examples', 'Dockerfile');
    const result = await lintText(readFileSync(file, 'utf8'), { filePath: file, config: DEFAULT_CONFIG, rules });
    expect(result.messages.length).toBeGreaterThan(0);
    expect(result.dependencies).toBeUndefined();
  });

  it('gives a heredoc script a related location in the Dockerfile itself', async () => {
    const { messages } = await lintFixture(path.join(FIXTURES, 'fires-heredoc'));
    expect(messages[0]?.message).toContain('Dockerfile:5');
    expect(messages[0]?.relatedLocations?.[0]).toMatchObject({ line: 5, column: 1 });
    expect(messages[0]?.relatedLocations?.[0]?.filePath).toBeUndefined();
  });
});

describe('.dockerignore', () => {
  const excluded = (patterns: string, file: string): boolean => isExcluded(parseDockerignore(patterns), file);

  it('anchors patterns at the context root, unlike .gitignore', () => {
    expect(excluded('setup.sh', 'setup.sh')).toBe(true);
    expect(excluded('setup.sh', 'sub/setup.sh')).toBe(false);
    expect(excluded('/setup.sh', 'setup.sh')).toBe(true);
    expect(excluded('./sub/../setup.sh', 'setup.sh')).toBe(true);
  });

  it('matches * and ? within one component and ** across any number', () => {
    expect(excluded('*.sh', 'a.sh')).toBe(true);
    expect(excluded('*.sh', 'dir/a.sh')).toBe(false);
    expect(excluded('*/*.sh', 'dir/a.sh')).toBe(true);
    expect(excluded('**/*.sh', 'a/b/c.sh')).toBe(true);
    expect(excluded('**/*.sh', 'c.sh')).toBe(true);
    expect(excluded('a?.sh', 'ab.sh')).toBe(true);
    expect(excluded('a?.sh', 'a/.sh')).toBe(false);
    expect(excluded('[abc].sh', 'b.sh')).toBe(true);
    expect(excluded('docs/**', 'docs/x/y.md')).toBe(true);
  });

  it('excludes what lies below an excluded directory', () => {
    expect(excluded('scripts', 'scripts/setup.sh')).toBe(true);
    expect(excluded('scripts/', 'scripts/setup.sh')).toBe(true);
  });

  it('lets the last matching pattern win, so ! re-includes', () => {
    expect(excluded('*.sh\n!keep.sh', 'keep.sh')).toBe(false);
    expect(excluded('*.sh\n!keep.sh', 'drop.sh')).toBe(true);
    expect(excluded('!keep.sh\n*.sh', 'keep.sh')).toBe(true);
    expect(excluded('*\n!scripts\n', 'scripts/a.sh')).toBe(false);
  });

  it('skips comments and blank lines and escapes regex characters', () => {
    expect(excluded('# setup.sh\n\n', 'setup.sh')).toBe(false);
    expect(excluded('a+b.sh', 'a+b.sh')).toBe(true);
    expect(excluded('a.sh', 'aXsh')).toBe(false);
  });

  it('prefers <Dockerfile>.dockerignore beside the Dockerfile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-ctx-'));
    temps.push(dir);
    cpSync(path.join(FIXTURES, 'fires-copy-file'), dir, { recursive: true });
    rmSync(path.join(dir, 'expected.json'));
    writeFileSync(path.join(dir, '.dockerignore'), '');
    expect((await lintFixture(dir)).messages).toHaveLength(2);
    writeFileSync(path.join(dir, 'Dockerfile.dockerignore'), 'setup.sh\n');
    expect((await lintFixture(dir)).messages).toEqual([]);
  });
});

describe('build context on the command line', () => {
  it('--context reads scripts from another directory than the Dockerfile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-ctx-'));
    temps.push(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian\nCOPY tools/setup.sh /setup.sh\nVOLUME /data\nRUN /setup.sh\n');
    const context = path.join(dir, 'context');
    cpSync(path.join(FIXTURES, 'fires-copy-file', 'setup.sh'), path.join(context, 'tools', 'setup.sh'), { recursive: true });
    writeFileSync(path.join(context, 'tools', 'setup.sh'), '#!/bin/sh\ntouch /data/x\n');
    const without = await cli(['--format', 'json', 'Dockerfile'], { cwd: dir });
    expect(messagesOf(without.stdout)).toEqual([]);
    const withContext = await cli(['--format', 'json', '--context', 'context', 'Dockerfile'], { cwd: dir });
    expect(withContext.code).toBe(1);
    expect(messagesOf(withContext.stdout)[0]?.message).toContain('tools/setup.sh:2');
    const missing = await cli(['--context', 'nowhere', 'Dockerfile'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--context: 'nowhere' is not a directory");
  });

  it('points SARIF relatedLocations at the script file', async () => {
    const run = await cli(['--format', 'sarif', 'fixtures/context/fires-copy-file/Dockerfile']);
    const sarifRun = (JSON.parse(run.stdout) as SarifLog).runs[0];
    const script = sarifRun?.results[0]?.relatedLocations[0]?.physicalLocation;
    const artifact = sarifRun?.artifacts[script?.artifactLocation.index ?? -1];
    expect(artifact?.location.uri).toBe('fixtures/context/fires-copy-file/setup.sh');
    expect(script?.region).toMatchObject({ startLine: 5, startColumn: 1 });
    expect(artifact?.roles).toEqual(['referencedOnCommandLine']);
  });

  it('--cache lints a Dockerfile again when a script it runs changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-ctx-'));
    temps.push(dir);
    cpSync(path.join(FIXTURES, 'fires-copy-file'), dir, { recursive: true });
    const first = await cli(['--format', 'json', '--cache', 'Dockerfile'], { cwd: dir });
    expect(messagesOf(first.stdout)).toHaveLength(2);
    writeFileSync(path.join(dir, 'setup.sh'), '#!/bin/sh\necho nothing to do\n');
    const second = await cli(['--format', 'json', '--cache', 'Dockerfile'], { cwd: dir });
    expect(messagesOf(second.stdout)).toEqual([]);
    const third = await cli(['--format', 'json', '--cache', 'Dockerfile'], { cwd: dir });
    expect(messagesOf(third.stdout)).toEqual([]);
  });
});
