import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(repoRoot, 'dist/src/lsp/bin.js');
const INIT = path.join(repoRoot, 'test/lsp/nvim/init.lua');

const hasNvim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
// CI installs Neovim (.ci/run), so there a missing nvim is a failure, not a reason to skip.
const skip = !hasNvim && !process.env.CI;
if (skip) console.log('test/lsp/nvim.test.ts: skipped, nvim is not installed (apt-get install neovim; CI installs it).');

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  source: string;
  code: string;
  message: string;
  href: string;
  related: { location: { uri: string; range: unknown }; message: string }[];
  has_data: boolean;
}

interface NvimResult {
  nvim: string;
  error?: string;
  diagnostics?: NvimDiagnostic[];
  actions?: string[];
  text?: string;
  codes_after?: string[];
  exit_code?: number;
}

function runNvim(file: string, out: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('nvim', ['--headless', '--clean', '-u', INIT, file], {
      env: { ...process.env, VOLINT_SERVER: BIN, VOLINT_NVIM_OUT: out },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The Lua side gives up on its own after its waits; this only stops a Neovim that hangs outright.
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe.skipIf(skip)('Neovim end to end', () => {
  it('receives volint diagnostics, applies the ignore action and stops the server cleanly', async () => {
    expect(hasNvim, 'nvim is required in CI: .ci/run installs it with apt-get').toBe(true);
    expect(existsSync(BIN), `${BIN} is missing: run 'npm run build' first (npm test does)`).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-nvim-'));
    const file = path.join(dir, 'Dockerfile');
    const out = path.join(dir, 'result.json');
    writeFileSync(file, 'FROM debian:12\nVOLUME /data\nRUN touch /data/ready\nRUN chown -R app:app /data\n');

    const run = await runNvim(file, out);
    expect(existsSync(out), `Neovim wrote no result (exit ${String(run.code)}): ${run.stderr}`).toBe(true);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    expect(result.error, `Neovim ${result.nvim}`).toBeUndefined();

    const byCode = new Map((result.diagnostics ?? []).map((d) => [d.code, d]));
    expect([...byCode.keys()].sort()).toEqual(['volume-permissions-after-declare', 'volume-write-after-declare']);
    expect(byCode.get('volume-permissions-after-declare')).toMatchObject({
      lnum: 3,
      col: 4,
      end_lnum: 3,
      end_col: 26,
      severity: 1,
      source: 'volint',
      href: expect.stringMatching(/\/rules\/volume-permissions-after-declare\.md$/) as unknown,
      related: [{ message: 'VOLUME /data is declared here.', location: { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 12 } } } }],
      has_data: true,
    });
    // The workspace/configuration setting from init.lua turned this rule down to a warning.
    expect(byCode.get('volume-write-after-declare')).toMatchObject({ lnum: 2, col: 4, severity: 2 });

    expect(result.actions).toContain('Ignore volume-permissions-after-declare for this instruction');
    expect(result.text).toBe('FROM debian:12\nVOLUME /data\nRUN touch /data/ready\n# volint ignore=volume-permissions-after-declare\nRUN chown -R app:app /data');
    expect(result.codes_after).toEqual(['volume-write-after-declare']);
    expect(result.exit_code).toBe(0);
  });
});
