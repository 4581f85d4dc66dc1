import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One temporary directory per test run, removed at its end: every test file, and every program a test starts
 * (npm, pre-commit, Neovim, the SARIF Multitool), makes its temporary files under it through TMPDIR, so a run leaves
 * nothing in the system's temporary directory, even where a test or a tool fails before its own clean-up.
 */
export default function setup(): () => void {
  // The rule registry is derived from the modules of rules/ (.ci/generate-registry.mjs); a test run starts from it.
  execFileSync(process.execPath, [fileURLToPath(new URL('../.ci/generate-registry.mjs', import.meta.url))]);
  const dir = mkdtempSync(path.join(tmpdir(), 'volint-test-run-'));
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
