import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers/cli.js';

// The package's bin as npm installs it: dist/cli/volint.cjs (src/cli/launcher.cts) running the bundle from V8's code
// cache. Each test works on a copy inside dist/, where node_modules still resolves, so the build's cache stays as built.
let dir: string;
let cacheFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(repoRoot, 'dist', 'launcher-test-'));
  cpSync(path.join(repoRoot, 'dist/cli'), dir, { recursive: true });
  cacheFile = path.join(dir, 'volint-main.cjs.cache');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function volint(args: string[], env: Record<string, string> = {}) {
  const child = spawnSync(process.execPath, [path.join(dir, 'volint.cjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const fileWithFindings = 'fixtures/examples/Dockerfile';

describe('the volint bin (bundle + code cache)', () => {
  it('prints what the CLI prints in-process, with the same exit code', async () => {
    for (const args of [[fileWithFindings], ['fixtures/examples/good.Dockerfile'], ['--format', 'json', fileWithFindings], ['no-such-file']]) {
      const expected = await cli(args);
      expect(volint(args), args.join(' ')).toEqual(expected);
    }
  });

  it('loads the code cache the build wrote, and leaves it alone', () => {
    // V8 rejects a cache made under other flags or another V8; the launcher would then rewrite it at exit.
    const before = statSync(cacheFile).mtimeMs;
    expect(volint([fileWithFindings]).code).toBe(1);
    expect(statSync(cacheFile).mtimeMs).toBe(before);
  });

  it('replaces a damaged cache, then uses the new one', () => {
    writeFileSync(cacheFile, 'not a code cache');
    const run = volint([fileWithFindings]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(statSync(cacheFile).size).toBeGreaterThan(100_000);
    const rewritten = statSync(cacheFile).mtimeMs;
    expect(volint([fileWithFindings]).code).toBe(1);
    expect(statSync(cacheFile).mtimeMs).toBe(rewritten);
  });

  it('writes a missing cache, unless VOLINT_NO_CODE_CACHE=1', () => {
    rmSync(cacheFile);
    expect(volint([fileWithFindings], { VOLINT_NO_CODE_CACHE: '1' }).code).toBe(1);
    expect(existsSync(cacheFile)).toBe(false);
    expect(volint([fileWithFindings]).code).toBe(1);
    expect(readFileSync(cacheFile).length).toBeGreaterThan(100_000);
  });
});
