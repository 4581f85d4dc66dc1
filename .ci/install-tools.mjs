#!/usr/bin/env node
// Installs a folder's own tools (test/tools, bench/peers) from its lockfile, when they are missing or the lockfile
// changed since they were installed. These are the heavy tools only one test or the bench uses (the SARIF Multitool
// alone is ~100 MB): kept out of the package's devDependencies, they are not fetched by `npm ci`, nor by pre-commit,
// whose node hook install runs `npm install` with every devDependency before it packs the hook.
//
//   node .ci/install-tools.mjs DIR     (or import { installTools } from it)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Returns the folder's node_modules, after `npm ci` there if needed. Throws with npm's output when it fails. */
export function installTools(dir) {
  const lock = readFileSync(path.join(dir, 'package-lock.json'));
  const stamp = path.join(dir, 'node_modules', '.volint-lock-sha256');
  const digest = createHash('sha256').update(lock).digest('hex');
  const modules = path.join(dir, 'node_modules');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return modules;
  // An `npm test` or `npm run` passes npm_* variables (the prefix among them) that would point this npm elsewhere.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env, encoding: 'utf8' });
  if (npm.status !== 0) throw new Error(`npm ci in ${dir} failed (exit ${npm.status ?? npm.signal}):\n${npm.stdout}${npm.stderr}`);
  writeFileSync(stamp, digest);
  return modules;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const dir of process.argv.slice(2)) console.log(installTools(path.resolve(dir)));
}
