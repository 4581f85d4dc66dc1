import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { byFile, STACK_TRACE, tree } from './tree.js';

const GOOD = 'FROM debian:12\nRUN mkdir -p /data\nVOLUME /data\n';
const BAD = 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n';

/** About 5 MB: thousands of instructions around one write into a volume. */
function hugeDockerfile(): string {
  const lines = ['FROM debian:12', 'VOLUME /data'];
  let size = 0;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    const line = `LABEL org.example.note${i}="${'x'.repeat(60)}"`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('RUN touch /data/late', '');
  return lines.join('\n');
}

const fatal = (result: { messages: { fatal?: true; message: string }[] } | undefined): string =>
  result?.messages.find((m) => m.fatal)?.message ?? '(no fatal message)';

describe('hostile files in a walked directory', () => {
  it('gives each file it cannot lint a clear message and lints the others', async () => {
    const root = tree({
      'good/Dockerfile': GOOD,
      'bad/Dockerfile': BAD,
      'binary/Dockerfile': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      'latin1/Dockerfile': Uint8Array.from([...Buffer.from('FROM debian:12\nLABEL author="Jos'), 0xe9, ...Buffer.from('"\n')]),
      'utf16/Dockerfile': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM debian:12\nVOLUME /data\n', 'utf16le')]),
      'empty/Dockerfile': '',
      'bom/Dockerfile': '\uFEFF' + BAD,
      'huge/Dockerfile': hugeDockerfile(),
      'dir-named/Dockerfile': { dir: true },
    });
    const run = await cli(['--format', 'json', '.'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const results = byFile(run.stdout, root);
    expect(Object.keys(results).sort()).toEqual(
      ['bad', 'binary', 'bom', 'empty', 'good', 'huge', 'latin1', 'utf16'].map((d) => path.join(d, 'Dockerfile')),
    );
    expect(fatal(results['binary/Dockerfile'])).toMatch(/binary/);
    expect(fatal(results['latin1/Dockerfile'])).toMatch(/not valid UTF-8/);
    expect(fatal(results['utf16/Dockerfile'])).toMatch(/UTF-16/);
    expect(fatal(results['empty/Dockerfile'])).toMatch(/empty/);
    expect(results['good/Dockerfile']?.messages).toEqual([]);
    for (const file of ['bad/Dockerfile', 'bom/Dockerfile', 'huge/Dockerfile']) {
      expect(results[file]?.messages.map((m) => m.ruleId), file).toEqual(['volume-write-after-declare']);
    }
    // The BOM is not counted in the columns: the finding marks `touch` on line 3 either way.
    expect(results['bom/Dockerfile']?.messages[0]).toMatchObject({ line: 3, column: 5 });
  });

  it('exits 0 when every file it could read is clean, and says nothing on stderr', async () => {
    const root = tree({ 'a/Dockerfile': GOOD, 'b/Containerfile': GOOD });
    expect(await cli(['.'], { cwd: root })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('symbolic links', () => {
  it('walks a tree with link loops once, and does not follow links out of it', async () => {
    const outside = tree({ 'Dockerfile': BAD });
    const root = tree({
      'app/Dockerfile': BAD,
      'app/loop': { symlink: '..' },
      'app/self': { symlink: '.' },
      'app/Dockerfile.same': { symlink: 'Dockerfile' },
      'escape/Dockerfile': { symlink: path.join(outside, 'Dockerfile') },
      'escape/dir': { symlink: outside },
      'dangling/Dockerfile': { symlink: 'nowhere' },
    });
    const run = await cli(['--format', 'json', '.'], { cwd: root });
    expect(run.stderr).toBe('');
    expect(Object.keys(byFile(run.stdout, root)).sort()).toEqual(['app/Dockerfile', 'app/Dockerfile.same']);

    // A link named on the command line is what the user asked for: it is followed.
    const named = await cli(['--format', 'json', 'escape/Dockerfile'], { cwd: root });
    expect(named.code).toBe(1);
    expect(Object.keys(byFile(named.stdout, root))).toEqual(['escape/Dockerfile']);
  });
});

describe('paths that are not readable Dockerfiles', () => {
  it('reports a file that cannot be read and goes on', async (ctx) => {
    const root = tree({ 'Dockerfile': BAD, 'locked/Dockerfile': GOOD });
    // As root (how CI runs) chmod 000 does not stop a read; /proc/self/mem refuses every read with EIO instead.
    let unreadable = path.join(root, 'locked/Dockerfile');
    if (process.getuid?.() === 0) {
      if (!existsSync('/proc/self/mem')) ctx.skip('running as root without /proc: no file here refuses to be read');
      unreadable = '/proc/self/mem';
    } else {
      chmodSync(unreadable, 0o000);
    }
    const run = await cli(['--format', 'json', 'Dockerfile', unreadable], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { message: string; fatal?: true }[] }[];
    expect(results.map((r) => r.messages.map((m) => (m.fatal ? m.message : 'finding')))).toEqual([['finding'], [expect.stringMatching(/^Cannot read the file: /)]]);
  });

  it('refuses pipes and devices instead of waiting on them forever', async () => {
    const root = tree({ 'Dockerfile': GOOD });
    execFileSync('mkfifo', [path.join(root, 'pipe.Dockerfile')]);
    const run = await cli(['--format', 'json', 'pipe.Dockerfile', '/dev/zero', 'Dockerfile'], { cwd: root });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { messages: { message: string }[] }[];
    expect(results.map((r) => r.messages[0]?.message ?? 'clean')).toEqual([
      expect.stringMatching(/not a regular file/),
      expect.stringMatching(/not a regular file/),
      'clean',
    ]);
    const fixing = await cli(['--fix-dry-run', '--format', 'json', 'pipe.Dockerfile', '/dev/zero'], { cwd: root });
    expect(fixing.code).toBe(1);
    expect((JSON.parse(fixing.stdout) as { messages: { message: string }[] }[]).map((r) => r.messages[0]?.message)).toEqual([
      expect.stringMatching(/not a regular file/),
      expect.stringMatching(/not a regular file/),
    ]);
  });

  it('walks a directory named Dockerfile instead of reading it', async () => {
    const root = tree({ 'Dockerfile/Dockerfile': BAD, 'empty/Dockerfile': { dir: true } });
    const inside = await cli(['--format', 'json', 'Dockerfile'], { cwd: root });
    expect(inside.code).toBe(1);
    expect(Object.keys(byFile(inside.stdout, root))).toEqual(['Dockerfile/Dockerfile']);

    const empty = await cli(['empty/Dockerfile'], { cwd: root });
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toMatch(/^volint: no Dockerfiles, Compose files or docker scripts found in empty\/Dockerfile/);
  });

  it('exits 2 for a missing path, with one line and no stack trace', async () => {
    const root = tree({ 'Dockerfile': GOOD });
    const run = await cli(['Dockerfile', 'nope/Dockerfile'], { cwd: root });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe('volint: No such file or directory: nope/Dockerfile\n');
  });

  it('reads a config file as data only: a .js config beside the Dockerfile is never run', async () => {
    const marker = path.join(tmpdir(), `volint-ran-${process.pid}`);
    const code = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`;
    const root = tree({ 'Dockerfile': BAD, '.volintrc.js': code, 'volint.config.js': code, '.volintrc.cjs': code });
    const run = await cli(['Dockerfile'], { cwd: root });
    expect(run.code).toBe(1);
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : 'never ran').toBe('never ran');
  });
});
