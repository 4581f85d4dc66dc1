import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isDockerfileName } from '../src/model/file-name.js';
import { isComposeFileName } from '../src/compose/names.js';
import { scriptKindByName } from '../src/scripts/kinds.js';

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

/**
 * The hook as a user gets it: the repository at a commit, installed by pre-commit's node language (npm install,
 * npm pack, npm install -g of the tarball) into an environment of its own, then run on files of another repo.
 * The working tree is committed into a snapshot first, because pre-commit installs from commits and this
 * checkout may have changes or no commit at all.
 */
describe.skipIf(!runnable)('pre-commit running the hook', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'volint-pre-commit-'));
  const hookRepo = path.join(tmp, 'volint');
  const store = path.join(tmp, 'store');
  const project = path.join(tmp, 'project');
  // An npm run passes npm_* variables (npm_config_local_prefix among them) that would point pre-commit's npm
  // at this checkout; the environment's own store keeps the user's ~/.cache/pre-commit out of the test.
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD')),
    PRE_COMMIT_HOME: store,
    GIT_AUTHOR_NAME: 'volint test',
    GIT_AUTHOR_EMAIL: 'test@volint.invalid',
    GIT_COMMITTER_NAME: 'volint test',
    GIT_COMMITTER_EMAIL: 'test@volint.invalid',
  };
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, env, encoding: 'utf8' }).trim();
  const run = (...files: string[]) =>
    spawnSync('pre-commit', ['run', 'volint', '--color', 'never', '--files', ...files], { cwd: project, env, encoding: 'utf8' });

  beforeAll(() => {
    const tracked = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0');
    for (const file of tracked.filter((f) => f !== '' && existsSync(path.join(root, f)))) {
      mkdirSync(path.dirname(path.join(hookRepo, file)), { recursive: true });
      cpSync(path.join(root, file), path.join(hookRepo, file));
    }
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '-m', 'snapshot');
    const rev = git(hookRepo, 'rev-parse', 'HEAD');

    mkdirSync(project);
    git(project, 'init', '-q');
    // The configuration docs/ci.md gives, pointed at the snapshot.
    writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: volint\n`);
    // A name identify does not type as dockerfile, so only the hook's `files` pattern can select it.
    writeFileSync(path.join(project, 'Containerfile'), 'FROM alpine:3.20\nVOLUME /data\nRUN echo hello > /data/greeting\n');
    writeFileSync(path.join(project, 'Dockerfile'), 'FROM alpine:3.20\nRUN echo hello > /data/greeting\nVOLUME /data\n');
    writeFileSync(path.join(project, 'Dockerfile.md'), '# Notes on the Dockerfile\n');
    git(project, 'add', '-A');

    const started = performance.now();
    const install = spawnSync('pre-commit', ['install-hooks'], { cwd: project, env, encoding: 'utf8' });
    console.log(`pre-commit install-hooks took ${Math.round(performance.now() - started)} ms`);
    if (install.status !== 0) throw new Error(`pre-commit install-hooks failed:\n${install.stdout}${install.stderr}`);
  }, 600_000);

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
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

  // What the hook's own developers run: `try-repo` installs the repository as it is into a fresh environment.
  const tryRepo = (file: string) =>
    spawnSync('pre-commit', ['try-repo', hookRepo, 'volint', '--color', 'never', '--files', file], { cwd: project, env, encoding: 'utf8' });

  it('fails under try-repo on a file with a finding, and passes a clean one', () => {
    const bad = tryRepo('Containerfile');
    expect(bad.stdout).toContain('volume-write-after-declare');
    expect(bad.status).toBe(1);
    const good = tryRepo('Dockerfile');
    expect(good.stdout).toMatch(/^volint\.+Passed$/m);
    expect(good.status).toBe(0);
  }, 600_000);

  it('leaves other files alone', () => {
    const result = run('Dockerfile.md', '.pre-commit-config.yaml');
    expect(result.stdout).toMatch(/^volint\.+\(no files to check\)Skipped$/m);
    expect(result.status).toBe(0);
  });
});
