import { spawnSync } from 'node:child_process';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

function volintAsync(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'volint.cjs'), ...args], { cwd: repoRoot, stdio: 'ignore' });
    child.on('close', (code) => {
      resolve(code);
    });
  });
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
    // V8 rejects a cache made under other flags or another V8: the run then compiles from source.
    const before = statSync(cacheFile).mtimeMs;
    expect(volint([fileWithFindings]).code).toBe(1);
    expect(statSync(cacheFile).mtimeMs).toBe(before);
  });

  it('never writes into its own installation: a damaged cache stays as it is, a missing one stays missing', async () => {
    const listing = (): string[] => readdirSync(dir).sort();
    const files = listing();
    writeFileSync(cacheFile, 'not a code cache');
    const damaged = volint([fileWithFindings]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toBe('');
    expect(readFileSync(cacheFile, 'utf8')).toBe('not a code cache');
    rmSync(cacheFile);
    // Two runs at once, as two pre-commit hooks would.
    const both = await Promise.all([volintAsync([fileWithFindings]), volintAsync([fileWithFindings])]);
    expect(both).toEqual([1, 1]);
    expect(existsSync(cacheFile)).toBe(false);
    expect(listing()).toEqual(files.filter((f) => f !== path.basename(cacheFile)));
  });

  it('gives the same output without any cache (VOLINT_NO_CODE_CACHE=1)', () => {
    expect(volint([fileWithFindings], { VOLINT_NO_CODE_CACHE: '1' })).toEqual(volint([fileWithFindings]));
  });
});
