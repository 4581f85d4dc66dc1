import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { cacheFingerprint, LintCache } from '../../src/engine/cache.js';
import type { LintResult } from '../../src/rule-api/types.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { STACK_TRACE, tree } from './tree.js';

const GOOD = 'FROM debian:12\nRUN mkdir -p /data\nVOLUME /data\n';
const BAD = 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n';
const BIN = path.join(repoRoot, 'dist/src/cli/bin.js');

/** Files of every kind the linter meets: clean, with findings, without volumes, unreadable as text. */
function mixedTree(count: number): string {
  const kinds = [GOOD, BAD, 'FROM golang:1.22\nRUN go build ./...\n', '', Uint8Array.from([0, 1, 2]), `${BAD}RUN chown 1000 /data\n`];
  const entries: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < count; i++) entries[`d${i % 17}/f${i}/Dockerfile`] = kinds[i % kinds.length] ?? '';
  return tree(entries);
}

const json = (stdout: string): LintResult[] => JSON.parse(stdout) as LintResult[];

describe('--cache', () => {
  it('keeps results keyed by content and settings, and updates what changed', async () => {
    const root = tree({ 'a/Dockerfile': BAD, 'b/Dockerfile': GOOD, 'c/Dockerfile': BAD });
    const args = ['--cache', '--cache-location', 'cache/', '--format', 'json', '.'];
    const first = await cli(args, { cwd: root });
    expect(first.stderr).toBe('');
    const cacheFile = path.join(root, 'cache/.volint-cache');
    expect(existsSync(cacheFile)).toBe(true);
    expect(await cli(args, { cwd: root })).toEqual(first);

    // A result the cache hands back is not linted again: a planted message shows it came from the cache.
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { result: LintResult }> };
    const entry = stored.entries[path.join(root, 'c/Dockerfile')];
    const planted = entry?.result.messages[0];
    if (planted) planted.message = 'from the cache';
    writeFileSync(cacheFile, JSON.stringify(stored));
    const cached = json((await cli(args, { cwd: root })).stdout);
    expect(cached[2]?.messages[0]?.message).toBe('from the cache');

    // An entry that is not a result (a hand-edited file) is linted afresh instead of reaching the reporter.
    writeFileSync(cacheFile, JSON.stringify({ ...stored, entries: { ...stored.entries, [path.join(root, 'c/Dockerfile')]: { ...entry, result: 'junk' } } }));
    expect(await cli(args, { cwd: root })).toEqual(first);

    // New content, or new settings, are linted afresh.
    writeFileSync(path.join(root, 'c/Dockerfile'), GOOD);
    writeFileSync(path.join(root, 'b/Dockerfile'), BAD);
    const changed = json((await cli(args, { cwd: root })).stdout);
    expect(changed.map((r) => r.errorCount)).toEqual([1, 1, 0]);
    const warned = json((await cli(['--builder', 'buildkit', ...args], { cwd: root })).stdout);
    expect(warned.map((r) => [r.errorCount, r.warningCount])).toEqual([[0, 1], [0, 1], [0, 0]]);
  });

  it('starts afresh from a corrupt cache, and warns without failing when it cannot write one', async () => {
    const root = tree({ 'Dockerfile': BAD, 'not-a-dir': 'x', '.volint-cache': '{"format": 1, "fing' });
    const corrupt = await cli(['--cache', '--format', 'json', '.'], { cwd: root });
    expect(corrupt.code).toBe(1);
    expect(json(corrupt.stdout)[0]?.errorCount).toBe(1);
    expect(JSON.parse(readFileSync(path.join(root, '.volint-cache'), 'utf8'))).toMatchObject({ format: 1 });

    const unwritable = await cli(['--cache', '--cache-location', 'not-a-dir/cache', 'Dockerfile'], { cwd: root });
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/^volint: cannot write the cache .*not-a-dir\/cache: E[A-Z]+\n$/);
  });

  it('is a new cache for another volint version or rule set', async () => {
    const root = tree({ 'Dockerfile': BAD });
    const file = path.join(root, '.volint-cache');
    const metas = rules.map((r) => r.meta);
    const cache = await LintCache.open(file, cacheFingerprint('1.0.0', metas));
    const result: LintResult = { filePath: 'Dockerfile', messages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
    const dockerfile = path.join(root, 'Dockerfile');
    cache.set(dockerfile, 'hash', DEFAULT_CONFIG, result);
    await cache.save();
    expect((await LintCache.open(file, cacheFingerprint('1.0.0', metas))).get(dockerfile, 'hash', DEFAULT_CONFIG, 'text')).toEqual({ ...result, source: 'text' });
    expect((await LintCache.open(file, cacheFingerprint('1.0.1', metas))).get(dockerfile, 'hash', DEFAULT_CONFIG, 'text')).toBeUndefined();
    expect((await LintCache.open(file, cacheFingerprint('1.0.0', metas.slice(1)))).get(dockerfile, 'hash', DEFAULT_CONFIG, 'text')).toBeUndefined();
  });

  it('drops the entries of deleted files when it writes, and keeps those of files the run did not lint', async () => {
    const root = tree({ 'a/Dockerfile': BAD, 'b/Dockerfile': GOOD, 'c/Dockerfile': BAD });
    const cacheFile = path.join(root, '.volint-cache');
    const keys = () => Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: object }).entries).sort();
    await cli(['--cache', '.'], { cwd: root });
    expect(keys()).toEqual(['a', 'b', 'c'].map((d) => path.join(root, d, 'Dockerfile')));
    rmSync(path.join(root, 'a'), { recursive: true });
    writeFileSync(path.join(root, 'b/Dockerfile'), BAD);
    // Only b is linted (as pre-commit would pass the changed file): a is gone, c stays.
    await cli(['--cache', 'b/Dockerfile'], { cwd: root });
    expect(keys()).toEqual(['b', 'c'].map((d) => path.join(root, d, 'Dockerfile')));
  });
});

describe('a run over many files of every kind', () => {
  it('reports each file once and never loads a network module', () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: this test runs the built linter; run 'npm run build' first (npm test does).`);
    const root = mixedTree(300);
    // Reports any socket connection, and at exit any network module loaded (net itself carries piped stdio).
    const probe = [
      `import net from 'node:net';`,
      `const connect = net.Socket.prototype.connect;`,
      `net.Socket.prototype.connect = function (...a) { process.stderr.write('connect! '); return connect.apply(this, a); };`,
      `process.on('exit', () => process.stderr.write(process.moduleLoadList.filter((m) => /(http|https|http2|dns|tls|dgram|undici)$/.test(m) && !m.includes('internal/dns/utils')).join()));`,
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, BIN, '--cache', '--format', 'json', '.'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(1);
    expect(json(child.stdout)).toHaveLength(300);
    expect(child.stderr).not.toMatch(STACK_TRACE);
  });
});
