import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

/**
 * The environment for a tool that must not see this run's npm: an `npm test` passes npm_* variables
 * (npm_config_local_prefix among them) that would point a nested npm or pre-commit at this checkout.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD')),
    GIT_AUTHOR_NAME: 'volint test',
    GIT_AUTHOR_EMAIL: 'test@volint.invalid',
    GIT_COMMITTER_NAME: 'volint test',
    GIT_COMMITTER_EMAIL: 'test@volint.invalid',
    ...extra,
  };
}

export function git(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, env, encoding: 'utf8' }).trim();
}

/**
 * The checkout as a fresh clone sees it: the files git tracks or would track (not node_modules, dist or other
 * ignored files), committed into a new repository at `dest`, whose HEAD commit it returns. The working tree is
 * committed as it is, because this checkout may have changes or no commit at all.
 */
export function snapshotRepo(dest: string, env: NodeJS.ProcessEnv = cleanEnv()): string {
  const files = git(repoRoot, env, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0');
  for (const file of files.filter((f) => f !== '' && existsSync(path.join(repoRoot, f)))) {
    mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(dest, file));
  }
  git(dest, env, 'init', '-q');
  git(dest, env, 'add', '-A');
  git(dest, env, 'commit', '-q', '-m', 'snapshot');
  return git(dest, env, 'rev-parse', 'HEAD');
}
