import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/rule-api/types.js';
import { rules } from '../rules/index.js';
import { UNUSED_IGNORE_META } from '../src/engine/ignores.js';
import { cli, repoRoot } from './helpers/cli.js';

const BAD = 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n';
const GOOD = 'FROM debian:12\nRUN touch /data/x\nVOLUME /data\n';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'volint-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const json = (stdout: string): LintResult[] => JSON.parse(stdout) as LintResult[];

describe('exit codes', () => {
  it('is 0 for a clean file and 1 for an error', async () => {
    const dir = tree({ 'good/Dockerfile': GOOD, 'bad/Dockerfile': BAD });
    expect((await cli(['good'], { cwd: dir })).code).toBe(0);
    const bad = await cli(['bad'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('volume-write-after-declare');
  });

  it('is 2 for a missing path, an unknown option, a bad --rule and no paths', async () => {
    const dir = tree({ Dockerfile: GOOD });
    for (const args of [['nope'], ['--bogus', '.'], ['--rule', 'no-such-rule=off', '.'], ['--rule', 'volume-write-after-declare=loud', '.'], []]) {
      const run = await cli(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^volint: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('turns errors into warnings with --builder buildkit and applies --max-warnings', async () => {
    const dir = tree({ Dockerfile: BAD });
    const kept = await cli(['--builder', 'buildkit', '--format', 'json', '.'], { cwd: dir });
    expect(kept.code).toBe(0);
    expect(json(kept.stdout)[0]?.warningCount).toBe(1);
    expect((await cli(['--builder', 'buildkit', '--max-warnings', '0', '.'], { cwd: dir })).code).toBe(1);
    const quiet = await cli(['--builder', 'buildkit', '--quiet', '--format', 'json', '.'], { cwd: dir });
    expect(json(quiet.stdout)[0]?.messages).toEqual([]);
  });

  it('turns a rule off with --rule id=off', async () => {
    const dir = tree({ Dockerfile: BAD });
    const run = await cli(['--rule', 'volume-write-after-declare=off', '.'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });
});

describe('file discovery', () => {
  it('finds Dockerfile names, honours .gitignore and skips node_modules', async () => {
    const dir = tree({
      'a/Dockerfile': BAD,
      'b/Dockerfile.prod': BAD,
      'c/api.Dockerfile': BAD,
      'd/Containerfile': BAD,
      'e/Containerfile.dev': BAD,
      'f/app.dockerfile': BAD,
      'g/Dockerfile.md': BAD,
      'h/notes.txt': BAD,
      'node_modules/x/Dockerfile': BAD,
      'ignored/Dockerfile': BAD,
      '.gitignore': 'ignored/\n',
    });
    const run = await cli(['--format', 'json', '.'], { cwd: dir });
    const files = json(run.stdout).map((r) => path.relative(dir, r.filePath).split(path.sep).join('/'));
    expect(files.sort()).toEqual(['a/Dockerfile', 'b/Dockerfile.prod', 'c/api.Dockerfile', 'd/Containerfile', 'e/Containerfile.dev', 'f/app.dockerfile']);
  });

  it('follows git on nested .gitignore files: the deepest one that matches decides', async () => {
    const dir = tree({
      '.gitignore': 'Dockerfile\nskipped/\n',
      'Dockerfile': BAD,
      'sub/.gitignore': '!Dockerfile\n',
      'sub/Dockerfile': BAD,
      'sub/deeper/Dockerfile': BAD,
      'sub/deeper/.gitignore': 'Dockerfile\n',
      'other/Dockerfile': BAD,
      'skipped/.gitignore': '!Dockerfile\n',
      'skipped/Dockerfile': BAD,
    });
    const run = await cli(['--format', 'json', '.'], { cwd: dir });
    const files = json(run.stdout).map((r) => path.relative(dir, r.filePath).split(path.sep).join('/'));
    expect(files.sort()).toEqual(['sub/Dockerfile']);
    // What git itself lists, when git is there to ask.
    const git = spawnSync('git', ['init', '-q', '.'], { cwd: dir });
    if (git.status === 0) {
      const listed = spawnSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: dir, encoding: 'utf8' });
      expect(listed.stdout.split('\n').filter((f) => f.endsWith('Dockerfile'))).toEqual(files);
    }
  });

  it('lints a file named on the command line whatever its name', async () => {
    const dir = tree({ 'build.txt': BAD });
    const run = await cli(['--format', 'json', 'build.txt'], { cwd: dir });
    expect(json(run.stdout)[0]?.errorCount).toBe(1);
  });
});

describe('output', () => {
  it('prints ESLint-shaped JSON with 1-based exclusive ranges and the related VOLUME', async () => {
    const dir = tree({ Dockerfile: BAD });
    const [result] = json((await cli(['--format', 'json', '.'], { cwd: dir })).stdout);
    expect(result).toMatchObject({ errorCount: 1, warningCount: 0, fixableErrorCount: expect.any(Number) as number, fixableWarningCount: 0 });
    const [m] = result?.messages ?? [];
    expect(m).toMatchObject({ ruleId: 'volume-write-after-declare', severity: 2, line: 3, column: 5, endLine: 3, endColumn: 18 });
    expect(m?.relatedLocations?.[0]).toMatchObject({ line: 2, column: 8, endLine: 2, endColumn: 13 });
  });

  it('shows the source line and a caret under the range in stylish output', async () => {
    const dir = tree({ Dockerfile: BAD });
    const run = await cli(['.'], { cwd: dir });
    expect(run.stdout).toContain('  3:5  error  `touch` creates /data/x after VOLUME /data (line 2): classic builders drop it; do it before the VOLUME.  volume-write-after-declare\n');
    expect(run.stdout).toContain('    3 | RUN touch /data/x\n      |     ^^^^^^^^^^^^^\n');
    expect(run.stdout).toContain('\u2716 1 problem (1 error, 0 warnings)');
  });

  it('lints standard input under --stdin-filename', async () => {
    const run = await cli(['--stdin', '--stdin-filename', 'sub/Dockerfile', '--format', 'json'], { stdin: BAD });
    const [result] = json(run.stdout);
    expect(result?.filePath.endsWith(path.join('sub', 'Dockerfile'))).toBe(true);
    expect(run.code).toBe(1);
  });

  it('prints the version and the rule list', async () => {
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const list = await cli(['--list-rules']);
    expect(list.stdout).toContain('volume-write-after-declare');
    expect(list.stdout).toContain('unused-ignore');
  });
});

describe('bad input', () => {
  it('gives binary, non-UTF-8 and empty files a fatal message and still lints the others', async () => {
    const dir = tree({ 'ok/Dockerfile': GOOD, 'bad/Dockerfile': BAD, 'empty/Dockerfile': '' });
    writeFileSync(path.join(dir, 'bin.Dockerfile'), Buffer.from([0x46, 0x52, 0x00, 0xff]));
    writeFileSync(path.join(dir, 'latin1.Dockerfile'), Buffer.from('FROM debian\nLABEL a="caf\xe9"\n', 'latin1'));
    const run = await cli(['--format', 'json', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    const byName = new Map(json(run.stdout).map((r) => [path.relative(dir, r.filePath), r]));
    expect(byName.get('bin.Dockerfile')?.messages[0]).toMatchObject({ fatal: true, message: expect.stringContaining('binary') as string });
    expect(byName.get('latin1.Dockerfile')?.messages[0]).toMatchObject({ fatal: true, message: expect.stringContaining('UTF-8') as string });
    expect(byName.get(path.join('empty', 'Dockerfile'))?.messages[0]?.fatal).toBe(true);
    expect(byName.get(path.join('ok', 'Dockerfile'))?.messages).toEqual([]);
    expect(byName.get(path.join('bad', 'Dockerfile'))?.errorCount).toBe(1);
  });
});

/** The habits ESLint and hadolint users bring, and what volint does with each (README, Usage). */
describe('CLI contract', () => {
  const WARN = 'FROM debian:12\nVOLUME /data\nCOPY x /data/x\n';

  it('validates --max-warnings: an integer, -1 for no limit, anything else exit 2', async () => {
    const dir = tree({ Dockerfile: WARN });
    expect((await cli(['--max-warnings', '0', '.'], { cwd: dir })).code).toBe(1);
    expect((await cli(['--max-warnings', '1', '.'], { cwd: dir })).code).toBe(0);
    expect((await cli(['--max-warnings', '-1', '.'], { cwd: dir })).code).toBe(0);
    expect((await cli(['--max-warnings=-1', '.'], { cwd: dir })).code).toBe(0);
    for (const bad of ['abc', '-2', '1.5', '', '1e3']) {
      const run = await cli([`--max-warnings=${bad}`, '.'], { cwd: dir });
      expect([bad, run.code, run.stderr]).toEqual([bad, 2, `volint: --max-warnings takes a number of warnings (0 or more, or -1 for no limit), got '${bad}'.\n`]);
    }
  });

  it("accepts ESLint's --rule forms as well as id=severity", async () => {
    const dir = tree({ Dockerfile: BAD });
    for (const rule of ['volume-write-after-declare=off', 'volume-write-after-declare: off', '{volume-write-after-declare: 0}', "'volume-write-after-declare': [off]", 'volume-syntax: error, volume-write-after-declare: off']) {
      expect([rule, (await cli(['--rule', rule, '.'], { cwd: dir })).code]).toEqual([rule, 0]);
    }
    expect((await cli(['--rule', 'volume-write-after-declare: loud', '.'], { cwd: dir })).stderr).toBe(
      "volint: Bad severity 'loud' for rule 'volume-write-after-declare' in --rule: use off, warn or error.\n",
    );
    expect((await cli(['--rule', 'volume-write-after-declare', '.'], { cwd: dir })).code).toBe(2);
  });

  it('turns rules off with --ignore RULE, repeatable, as --rule RULE=off', async () => {
    const dir = tree({ Dockerfile: `${BAD}VOLUME /a, /b\n` });
    const both = await cli(['--ignore', 'volume-write-after-declare', '--ignore', 'volume-syntax', '.'], { cwd: dir });
    expect([both.code, both.stdout]).toEqual([0, '']);
    expect((await cli(['--ignore', 'volume-write-after-declare,volume-syntax', '.'], { cwd: dir })).code).toBe(0);
    expect((await cli(['--ignore', 'volume-syntax', '.'], { cwd: dir })).code).toBe(1);
    // A hadolint rule id is not a volint rule: said, not silently accepted.
    const hadolint = await cli(['--ignore', 'DL3008', '.'], { cwd: dir });
    expect([hadolint.code, hadolint.stderr]).toEqual([2, "volint: Unknown rule 'DL3008' in --ignore. Run 'volint --list-rules' for the rule ids.\n"]);
  });

  it("reads standard input for the path '-', alone", async () => {
    const run = await cli(['-', '--format', 'json'], { stdin: BAD });
    expect(run.code).toBe(1);
    expect(json(run.stdout)[0]?.filePath).toBe(path.join(repoRoot, 'Dockerfile'));
    const named = await cli(['--stdin-filename', 'sub/Containerfile', '-'], { stdin: BAD });
    expect(named.stdout).toMatch(/^\nsub\/Containerfile\n/);
    const mixed = await cli(['-', 'Dockerfile'], { stdin: BAD });
    expect([mixed.code, mixed.stderr]).toEqual([2, "volint: the path '-' (standard input) cannot be combined with other paths.\n"]);
  });

  it("takes hadolint's --format tty for stylish", async () => {
    const dir = tree({ Dockerfile: BAD });
    const tty = await cli(['--format', 'tty', '.'], { cwd: dir });
    expect(tty.stdout).toBe((await cli(['.'], { cwd: dir })).stdout);
    expect(tty.stdout).toContain('\u2716 1 problem');
  });

  it('creates the directory of --output-file', async () => {
    const dir = tree({ Dockerfile: BAD });
    const run = await cli(['-o', 'reports/volint/out.sarif', '-f', 'sarif', '.'], { cwd: dir });
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', '']);
    expect(JSON.parse(readFileSync(path.join(dir, 'reports/volint/out.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });

  it('says it cannot write --output-file when the file system refuses, and prints no report', async () => {
    const dir = tree({ Dockerfile: BAD, taken: 'a file, not a directory' });
    const run = await cli(['-o', 'taken/out.json', '-f', 'json', '.'], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(/^volint: cannot write taken\/out\.json: E[A-Z]+\n$/);
  });

  it('requires one file for --print-config and finds its config', async () => {
    const dir = tree({ Dockerfile: BAD, '.volintrc.json': '{"builder": "buildkit"}' });
    const printed = await cli(['--print-config', 'Dockerfile'], { cwd: dir });
    expect(JSON.parse(printed.stdout)).toMatchObject({ configFile: path.join(dir, '.volintrc.json'), builder: 'buildkit' });
    for (const args of [['--print-config'], ['--print-config', ''], ['--print-config', 'Dockerfile', 'other/Dockerfile']]) {
      const run = await cli(args, { cwd: dir });
      expect([args, run.code, run.stdout]).toEqual([args, 2, '']);
      expect(run.stderr).toMatch(/^volint: /);
    }
  });

  it('prints the rule list as JSON with --format json, with each doc URL', async () => {
    const run = await cli(['--list-rules', '--format', 'json']);
    const listed = JSON.parse(run.stdout) as { id: string; docs: { url: string; description: string } }[];
    expect(listed.map((r) => r.id)).toEqual([...rules.map((r) => r.meta.id), UNUSED_IGNORE_META.id]);
    for (const r of listed) expect(r.docs.url).toBe(`https://github.com/volint/volint/blob/main/rules/${r.id}.md`);
    expect((await cli(['--list-rules', '--format', 'sarif'])).code).toBe(2);
  });

  it('prints paths as the user gave them: relative stays relative, absolute stays absolute', async () => {
    const dir = tree({ 'a/Dockerfile': BAD, 'b/.keep': '' });
    const absolute = await cli([path.join(dir, 'a')], { cwd: repoRoot });
    expect(absolute.stdout).toMatch(new RegExp(`^\\n${path.join(dir, 'a', 'Dockerfile').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    expect((await cli(['a'], { cwd: dir })).stdout).toMatch(/^\na\/Dockerfile\n/);
    expect((await cli(['../a'], { cwd: path.join(dir, 'b') })).stdout).toMatch(/^\n\.\.\/a\/Dockerfile\n/);
  });
});
