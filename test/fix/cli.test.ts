import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/rule-api/types.js';
import { cli } from '../helpers/cli.js';

const BAD = 'FROM debian\nVOLUME /data\nRUN touch /data/x\nRUN chown -R foo:foo /data\n';
// The VOLUME created /data (root, 0755) where it stood; the fix leaves a `mkdir -p` there so `touch` still finds it.
const FIXED = 'FROM debian\nRUN mkdir -p /data\nRUN touch /data/x\nRUN chown -R foo:foo /data\nVOLUME /data\n';
// Double quotes declare /data, where the RUN after it then writes: on a discarding builder that can change the build.
const QUOTED = "FROM debian\nVOLUME ['/data']\nRUN touch /data/x\n";
const GOOD = 'FROM debian\nRUN touch /data/x\n';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'volint-fix-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const json = (stdout: string): LintResult[] => JSON.parse(stdout) as LintResult[];

describe('--fix', () => {
  it('rewrites a fixable file, keeps its mode, and exits on what is left', async () => {
    const dir = tree({ Dockerfile: BAD, 'good.Dockerfile': GOOD });
    chmodSync(path.join(dir, 'Dockerfile'), 0o600);
    const goodBefore = statSync(path.join(dir, 'good.Dockerfile'));
    const run = await cli(['--fix', '--format', 'json', '.'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(FIXED);
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'Dockerfile')).mode & 0o777).toBe(0o600);
    const results = json(run.stdout);
    expect(results.find((r) => r.filePath.endsWith(`${path.sep}Dockerfile`))?.output).toBe(FIXED);
    // A file with nothing to fix is not written at all.
    const goodAfter = statSync(path.join(dir, 'good.Dockerfile'));
    expect([goodAfter.ino, goodAfter.mtimeMs]).toEqual([goodBefore.ino, goodBefore.mtimeMs]);
    expect(results.find((r) => r.filePath.endsWith('good.Dockerfile'))?.output).toBeUndefined();
  });

  it('exits 1 when findings without a fix remain', async () => {
    const text = 'FROM debian AS base\nVOLUME /data\nFROM base\nRUN touch /data/x\n';
    const dir = tree({ Dockerfile: text });
    const run = await cli(['--fix', '--format', 'json', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(text);
    const message = json(run.stdout)[0]?.messages[0];
    expect(message?.fix).toBeUndefined();
    expect(message?.suggestions?.[0]?.desc).toMatch(/^Move this VOLUME instruction out of stage 'base'/);
  });

  it('fixes only errors with --quiet, as ESLint does', async () => {
    const dir = tree({ Dockerfile: BAD });
    const run = await cli(['--fix', '--quiet', '--builder', 'buildkit', '.'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(BAD);
  });

  it('filters by rule type with --fix-type', async () => {
    const dir = tree({ Dockerfile: BAD });
    expect((await cli(['--fix', '--fix-type', 'suggestion,layout', '.'], { cwd: dir })).code).toBe(1);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(BAD);
    expect((await cli(['--fix', '--fix-type', 'layout', '--fix-type', 'problem', '.'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(FIXED);
  });
});

describe('--fix-dry-run', () => {
  it('writes nothing and puts the fixed text in the JSON result as output', async () => {
    const dir = tree({ Dockerfile: BAD });
    const run = await cli(['--fix-dry-run', '--format', 'json', 'Dockerfile'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(BAD);
    const [result] = json(run.stdout);
    expect(result?.output).toBe(FIXED);
    expect(result?.messages).toEqual([]);
  });

  it('fixes standard input, keeping a BOM and CRLF', async () => {
    const crlf = '\uFEFF' + BAD.replace(/\n/g, '\r\n');
    const run = await cli(['--stdin', '--fix-dry-run', '--format', 'json'], { stdin: crlf });
    expect(run.code).toBe(0);
    expect(json(run.stdout)[0]?.output).toBe('\uFEFF' + FIXED.replace(/\n/g, '\r\n'));
  });

  it('shows the fix and suggestions of each message without fixing', async () => {
    const run = await cli(['--stdin', '--format', 'json'], { stdin: BAD });
    const [first] = json(run.stdout)[0]?.messages ?? [];
    // Two small edits, not one spanning everything between: findings sharing the fix stay small in the output.
    expect(first?.fix).toEqual({
      applicability: 'safe',
      edits: [
        { range: [12, 25], text: 'RUN mkdir -p /data\n' },
        { range: [BAD.length, BAD.length], text: 'VOLUME /data\n' },
      ],
    });
    expect(json(run.stdout)[0]?.output).toBeUndefined();
  });
});

describe('--unsafe-fixes', () => {
  it('applies unsafe fixes only on request, and says in JSON which fixes are which', async () => {
    const dir = tree({ Dockerfile: QUOTED });
    const plain = await cli(['--fix', '--format', 'json', 'Dockerfile'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(QUOTED);
    const [finding] = json(plain.stdout)[0]?.messages ?? [];
    // A fix of one edit also has ESLint's range and text.
    expect(finding?.fix).toEqual({ range: [19, 28], text: '["/data"]', applicability: 'unsafe', edits: [{ range: [19, 28], text: '["/data"]' }] });
    expect(json(plain.stdout)[0]?.fixableErrorCount).toBe(0);

    // Once /data is the volume, the safe move fix follows in the next pass.
    expect((await cli(['--fix', '--unsafe-fixes', 'Dockerfile'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM debian\nRUN mkdir -p /data\nRUN touch /data/x\nVOLUME ["/data"]\n');
  });
});

describe('fix option errors (ESLint messages, exit 2)', () => {
  it.each([
    [['--fix', '--fix-dry-run', '.'], 'The --fix option and the --fix-dry-run option cannot be used together.'],
    [['--stdin', '--fix'], 'The --fix option is not available for piped-in code; use --fix-dry-run instead.'],
    [['--fix-type', 'problem', '.'], 'The --fix-type option requires either --fix or --fix-dry-run.'],
    [['--fix', '--fix-type', 'style', '.'], "Unknown fix type 'style' in --fix-type: use problem, suggestion, layout."],
    [['--unsafe-fixes', '.'], 'The --unsafe-fixes option requires either --fix or --fix-dry-run.'],
  ])('%j', async (args, message) => {
    const dir = tree({ Dockerfile: BAD });
    const run = await cli(args, { cwd: dir, stdin: BAD });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`volint: ${message}\n`);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(BAD);
  });
});
