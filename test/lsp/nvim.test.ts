import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(repoRoot, 'dist/src/lsp/bin.js');
const INIT = path.join(repoRoot, 'test/lsp/nvim/init.lua');
const HARNESS = path.join(repoRoot, 'test/lsp/nvim/snippet-harness.lua');

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

/** The ```lua blocks of the README's Neovim part, in order: 0.11+, 0.7–0.10, :VolintFixAll. */
function readmeNeovimSnippets(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('Neovim, in `init.lua`');
  const part = readme.slice(start, readme.indexOf('VS Code', start));
  return [...part.matchAll(/```lua\n([^]*?)```/g)].map((m) => m[1] ?? '');
}

const nvimVersion = hasNvim ? (/NVIM v(\d+)\.(\d+)/.exec(spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout) ?? []) : [];
const nvimAtLeast = (major: number, minor: number) => {
  const [, a = '0', b = '0'] = nvimVersion;
  return Number(a) > major || (Number(a) === major && Number(b) >= minor);
};

describe('the README Neovim snippets', () => {
  const snippets = readmeNeovimSnippets();

  it('are one per generation plus the fix-all command, the same in docs/editors.md', () => {
    expect(snippets).toHaveLength(3);
    expect(snippets[0]).toContain("vim.lsp.config('volint'");
    expect(snippets[1]).toContain('vim.lsp.start_client(');
    expect(snippets[2]).toContain("nvim_create_user_command('VolintFixAll'");
    const editors = readFileSync(path.join(repoRoot, 'docs/editors.md'), 'utf8');
    for (const snippet of snippets) expect(editors).toContain(snippet);
  });

  /** Runs snippets as the user's init.lua on a file, with a `volint-language-server` on PATH as npm installs it. */
  async function runSnippets(generation: string[], text: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-nvim-snippet-'));
    try {
      const bin = path.join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(path.join(bin, 'volint-language-server'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
      const files = generation.map((snippet, i) => {
        const file = path.join(dir, `snippet-${i}.lua`);
        writeFileSync(file, snippet);
        return file;
      });
      const project = path.join(dir, 'project');
      mkdirSync(project);
      writeFileSync(path.join(project, 'Dockerfile'), text);
      const out = path.join(dir, 'result.json');
      await new Promise<void>((resolve) => {
        const child = spawn('nvim', ['--headless', '--clean', '-u', HARNESS, 'Dockerfile'], {
          cwd: project,
          env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, VOLINT_SNIPPETS: files.join(':'), VOLINT_NVIM_OUT: out },
          stdio: 'ignore',
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      expect(existsSync(out), 'Neovim wrote no result').toBe(true);
      return JSON.parse(readFileSync(out, 'utf8')) as { nvim: string; error?: string; filetype?: string; codes?: string[]; text?: string; codes_after?: string[] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // No RUN after the VOLUME: the quote fix is then safe, so --fix (and :VolintFixAll) applies it.
  const BROKEN = "FROM debian:12\nRUN touch /data/ready\nVOLUME ['/data']\n";

  async function expectFixAll(generation: string[]) {
    const result = await runSnippets(generation, BROKEN);
    expect(result.error, `Neovim ${result.nvim}`).toBeUndefined();
    expect(result.filetype).toBe('dockerfile');
    expect(result.codes).toEqual(['volume-syntax']);
    // :VolintFixAll leaves the buffer as `volint --fix` leaves the file.
    const dryRun = await cli(['--stdin', '--stdin-filename', 'Dockerfile', '--fix-dry-run', '--format', 'json'], { stdin: BROKEN });
    const fixed = (JSON.parse(dryRun.stdout) as { output?: string }[])[0]?.output;
    expect(fixed).toBeDefined();
    expect(`${result.text ?? ''}\n`).toBe(fixed);
    expect(result.codes_after).toEqual([]);
  }

  it.skipIf(skip)("0.7–0.10: diagnostics and :VolintFixAll in this machine's Neovim", async () => {
    expect(hasNvim, 'nvim is required in CI: .ci/run installs it with apt-get').toBe(true);
    await expectFixAll([snippets[1] ?? '', snippets[2] ?? '']);
  }, 60_000);

  it.skipIf(skip || !nvimAtLeast(0, 11))('0.11+: diagnostics and :VolintFixAll (needs Neovim 0.11 or later)', async () => {
    await expectFixAll([snippets[0] ?? '', snippets[2] ?? '']);
  }, 60_000);
});
