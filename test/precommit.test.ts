import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isDockerfileName } from '../src/model/file-name.js';
import { isComposeFileName } from '../src/compose/names.js';
import { scriptKindByName } from '../src/scripts/kinds.js';
import { cleanEnv, git, snapshotRepo } from './helpers/snapshot.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
  types: string[];
}

const hooks = parse(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** pre-commit compiles `files` and `exclude` with Python's `re`; these use nothing JavaScript reads differently. */
function pythonRegex(source: string): RegExp {
  return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);
}

describe('pre-commit hook manifest', () => {
  const hook = hooks.find((h) => h.id === 'volint');

  it('runs the package bin with node', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(hook).toMatchObject({ entry: 'volint', language: 'node', types: ['text'] });
    expect(Object.keys(pkg.bin)).toContain(hook?.entry);
  });

  it('selects the files a directory walk lints', () => {
    const files = pythonRegex(hook?.files ?? '');
    const exclude = pythonRegex(hook?.exclude ?? '');
    const names = [
      'Dockerfile', 'dockerfile', 'DOCKERFILE', 'Dockerfile.prod', 'Dockerfile-dev', 'Dockerfile_arm', 'app.Dockerfile', 'app.dockerfile',
      'Containerfile', 'Containerfile.prod', 'web.Containerfile', 'Dockerfile.md', 'Dockerfile.bak', 'Dockerfile.j2', 'Dockerfiles',
      'MyDockerfile', 'README.md', '.dockerignore', 'notes.txt', 'docker-compose.yml', 'compose.yaml', 'compose.override.yml',
      'docker-compose.prod.yaml', 'docker-compose-dev.yml', 'config.yml', 'backup.sh', 'Dockerfile.sh', 'run.bash', 'Makefile',
      'makefile', 'rules.mk', '.gitlab-ci.yml', '.github/workflows/ci.yml', '.github/dependabot.yml', 'script.py', 'package.json',
    ];
    const walked = (file: string): boolean => {
      const name = path.basename(file);
      return isDockerfileName(name) || isComposeFileName(name) || scriptKindByName(`/repo/${file}`) !== undefined;
    };
    for (const name of names) {
      for (const file of [name, `some dir/${name}`]) expect([file, files.test(file) && !exclude.test(file)]).toEqual([file, walked(file)]);
    }
  });
});

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const runnable = preCommit.status === 0 || Boolean(process.env.CI);
if (!runnable) console.log('Skipping the pre-commit run: pre-commit is not installed (apt-get install pre-commit); CI installs it.');

/** The CPU time of the children of a `bash -c '…; times >&2'`: the last line `times` prints. */
function childCpuSeconds(stderr: string): number {
  const seconds = (m: string, s: string) => Number(m) * 60 + Number(s);
  const last = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(stderr);
  return last ? seconds(last[1] ?? '0', last[2] ?? '0') + seconds(last[3] ?? '0', last[4] ?? '0') : Number.NaN;
}

/** The `.pre-commit-config.yaml` the README gives, as it stands there. */
function readmeConfig(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /\*\*pre-commit\*\*[^]*?```yaml\n([^]*?)```/.exec(readme)?.[1];
  if (!block?.includes('https://github.com/volint/volint')) throw new Error('README.md has no pre-commit snippet');
  return block;
}

/**
 * The hook as a user gets it, following the README: its config pointed at a copy of this repository, `pre-commit
 * autoupdate`, `pre-commit install`, then the first `git commit`, which installs the hook with pre-commit's node
 * language (npm install, npm pack, npm install -g of the tarball) into an environment of its own and runs it.
 */
describe.skipIf(!runnable)('pre-commit running the hook', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'volint-pre-commit-'));
  const hookRepo = path.join(tmp, 'volint');
  const store = path.join(tmp, 'store');
  const project = path.join(tmp, 'project');
  // The environment's own store keeps the user's ~/.cache/pre-commit out of the test.
  const env = cleanEnv({ PRE_COMMIT_HOME: store });
  const run = (...files: string[]) =>
    spawnSync('pre-commit', ['run', 'volint', '--color', 'never', '--files', ...files], { cwd: project, env, encoding: 'utf8' });
  let rev = '';
  let firstCommit: SpawnSyncReturns<string> | undefined;
  let firstCommitSeconds = { wall: 0, cpu: 0 };

  beforeAll(() => {
    rev = snapshotRepo(hookRepo, env);
    mkdirSync(project);
    git(project, env, 'init', '-q');
    writeFileSync(path.join(project, '.pre-commit-config.yaml'), readmeConfig().replace('https://github.com/volint/volint', hookRepo));
    const update = spawnSync('pre-commit', ['autoupdate'], { cwd: project, env, encoding: 'utf8' });
    if (update.status !== 0) throw new Error(`pre-commit autoupdate failed:\n${update.stdout}${update.stderr}`);
    const install = spawnSync('pre-commit', ['install'], { cwd: project, env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`pre-commit install failed:\n${install.stdout}${install.stderr}`);
    // A name identify does not type as dockerfile, so only the hook's `files` pattern can select it.
    writeFileSync(path.join(project, 'Containerfile'), 'FROM alpine:3.20\nVOLUME /data\nRUN echo hello > /data/greeting\n');
    writeFileSync(path.join(project, 'Dockerfile'), 'FROM alpine:3.20\nRUN echo hello > /data/greeting\nVOLUME /data\n');
    writeFileSync(path.join(project, 'Dockerfile.md'), '# Notes on the Dockerfile\n');
    git(project, env, 'add', '-A');

    // The first commit installs the hook. `times` gives the CPU time of everything it ran, which the machine's load
    // does not inflate as it does the wall time.
    const started = performance.now();
    firstCommit = spawnSync('bash', ['-c', 'git -c commit.gpgsign=false commit -q -m first; status=$?; times >&2; exit $status'], { cwd: project, env, encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    const cpu = childCpuSeconds(firstCommit.stderr);
    console.log(`The first git commit with the hook (install and run) took ${wall.toFixed(1)} s, ${cpu.toFixed(1)} s of CPU`);
    firstCommitSeconds = { wall, cpu };
  }, 600_000);

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('takes the config from the README, pinned by autoupdate to the newest commit', () => {
    const config = parse(readFileSync(path.join(project, '.pre-commit-config.yaml'), 'utf8')) as { repos: { repo: string; rev: string }[] };
    expect(config.repos).toMatchObject([{ repo: hookRepo, rev }]);
  });

  it('installs and runs on the first git commit, within 30 s of CPU, and stops the commit on a finding', () => {
    expect(firstCommit?.status).toBe(1);
    expect(`${firstCommit?.stdout ?? ''}${firstCommit?.stderr ?? ''}`).toMatch(/volint\.+Failed[^]*Containerfile[^]*volume-write-after-declare/);
    expect(firstCommitSeconds.cpu).toBeLessThanOrEqual(30);
  });

  it('does not fetch the tools only some tests or the bench use', () => {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const own = (dir: string) => Object.keys((JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const tools = [...own('test/tools'), ...own('bench/peers')];
    expect(tools).toContain('@microsoft/sarif-multitool');
    expect(tools.filter((t) => `node_modules/${t}` in lock.packages)).toEqual([]);
  });

  it('installs with the Node.js on PATH instead of downloading one', () => {
    const environments = readdirSync(store).flatMap((d) => (existsSync(path.join(store, d, 'node_env-system')) ? [d] : []));
    expect(environments).toHaveLength(1);
  });

  it('fails on a Dockerfile with a finding and prints it', () => {
    const result = run('Containerfile');
    expect(result.stdout).toMatch(/^volint\.+Failed$/m);
    expect(result.stdout).toContain('Containerfile');
    expect(result.stdout).toContain('volume-write-after-declare');
    expect(result.status).toBe(1);
  });

  it('passes a Dockerfile without findings', () => {
    const result = run('Dockerfile');
    expect(result.stdout).toMatch(/^volint\.+Passed$/m);
    expect(result.status).toBe(0);
  });

  // What the hook's own developers run: `try-repo` installs the repository as it is into a fresh environment (once:
  // an install is most of this file's time).
  it('fails under try-repo on the file with a finding, and only on it', () => {
    const result = spawnSync('pre-commit', ['try-repo', hookRepo, 'volint', '--color', 'never', '--files', 'Containerfile', 'Dockerfile'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(result.stdout).toMatch(/^volint\.+Failed$/m);
    // Both files are shown (the hook failed, so pre-commit prints its output), but only Containerfile has an error.
    const [containerfile = '', dockerfile = ''] = result.stdout.split(/^Dockerfile$/m);
    expect(containerfile).toMatch(/^Containerfile\n[^]*\d+:\d+ {2}error {2}.*volume-write-after-declare$/m);
    expect(dockerfile).not.toMatch(/\d+:\d+ {2}error {2}/);
    expect(result.status).toBe(1);
  }, 600_000);

  it('leaves other files alone', () => {
    const result = run('Dockerfile.md', '.pre-commit-config.yaml');
    expect(result.stdout).toMatch(/^volint\.+\(no files to check\)Skipped$/m);
    expect(result.status).toBe(0);
  });
});
