import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver';
import type { RuleMeta } from '../src/rule-api/types.js';
import { repoRoot } from './helpers/cli.js';
import { cleanEnv, snapshotRepo } from './helpers/snapshot.js';

/**
 * The package as a user gets it: a fresh clone is installed (`npm ci`) and packed (`npm pack`, whose prepack hook
 * builds), and the tarball is installed into an empty directory, whose bins then run. It uses the npm cache and
 * reaches the registry only for what the cache lacks.
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'volint-pack-'));
const clone = path.join(tmp, 'clone');
const user = path.join(tmp, 'user');
const env = cleanEnv({ npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
let installed: string;
let shipped: string[];

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const child = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${child.status ?? child.signal}):\n${child.stdout}${child.stderr}`);
  return child;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

beforeAll(() => {
  mkdirSync(clone);
  snapshotRepo(clone, env);
  run('npm', ['ci', '--prefer-offline'], clone);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], clone).stdout) as { filename: string }[];
  const tarball = path.join(tmp, packed[0]?.filename ?? '');
  mkdirSync(user);
  run('npm', ['install', '--prefer-offline', tarball], user);
  installed = path.join(user, 'node_modules', 'volint');
  shipped = filesUnder(installed).filter((f) => !f.startsWith('node_modules/'));
}, 600_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const bin = (name: string) => path.join(user, 'node_modules', '.bin', name);
const DOCKERFILE = 'FROM debian:12\nVOLUME /data\nRUN touch /data/x\n';

describe('the packed tarball, installed into an empty directory', () => {
  it('holds the build, the license and the docs, and no source maps', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/cli/volint.cjs', 'dist/src/lsp/bin.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/eslint/index.js']) {
      expect(shipped).toContain(file);
    }
    expect(readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    // The package ships no TypeScript sources, so a map would point nowhere.
    expect(shipped.filter((f) => f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(shipped.filter((f) => /sourceMappingURL/.test(f.endsWith('.js') || f.endsWith('.cjs') ? readFileSync(path.join(installed, f), 'utf8') : ''))).toEqual([]);
  });

  it('holds every file its Markdown links to, and every rule doc a finding links to', async () => {
    const missing: string[] = [];
    for (const doc of shipped.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(path.join(installed, doc), 'utf8');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:|^#/i.test(target)) continue;
        const file = path.posix.normalize(path.posix.join(path.posix.dirname(doc), target.replace(/#.*$/, '')));
        if (!shipped.includes(file) && !shipped.some((f) => f.startsWith(`${file.replace(/\/$/, '')}/`))) missing.push(`${doc} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
    const api = (await import(pathToFileURL(path.join(installed, 'dist/src/index.js')).href)) as { rules: { meta: RuleMeta }[]; UNUSED_IGNORE_META: RuleMeta };
    const metas = [...api.rules.map((r) => r.meta), api.UNUSED_IGNORE_META];
    expect(metas.length).toBeGreaterThan(1);
    for (const meta of metas) {
      const doc = /^https:\/\/github\.com\/volint\/volint\/blob\/main\/(.+)$/.exec(meta.docs.url)?.[1];
      expect([meta.id, doc && shipped.includes(doc)]).toEqual([meta.id, true]);
    }
  });

  it('runs the volint bin', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(spawnSync(bin('volint'), ['--version'], { encoding: 'utf8' }).stdout).toBe(`${pkg.version}\n`);
    const project = path.join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'Dockerfile'), DOCKERFILE);
    const lint = spawnSync(bin('volint'), ['--format', 'json', '.'], { cwd: project, encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(1);
    const results = JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[];
    expect(results[0]?.messages.map((m) => m.ruleId)).toEqual(['volume-write-after-declare']);
  });

  it('lints Dockerfiles under ESLint through volint/eslint', () => {
    // The project installs volint from the tarball; ESLint is the user's own (here, this checkout's).
    const project = path.join(user, 'eslint-project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(project, 'eslint.config.js'), "import volint from 'volint/eslint';\nexport default [volint.configs.recommended];\n");
    writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }\n');
    const eslint = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const lint = spawnSync(process.execPath, [eslint, '--format', 'json', '.'], { cwd: project, encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    const results = JSON.parse(lint.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    // eslint.config.js is linted too (with no rule for it); the Dockerfile has volint's finding.
    const found = results.filter((r) => r.messages.length > 0).map((r) => [path.basename(r.filePath), r.messages.map((m) => m.ruleId)]);
    expect(found).toEqual([['Dockerfile', ['volint/volume-write-after-declare']]]);
  });

  it('runs the volint-language-server bin', async () => {
    expect(spawnSync(bin('volint-language-server'), ['--help'], { encoding: 'utf8' }).stdout).toMatch(/^Usage: volint-language-server --stdio/);
    const child = spawn(bin('volint-language-server'), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const init = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    expect(init.serverInfo?.name).toBe('volint');
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    expect(await exited).toBe(0);
    connection.dispose();
  });
});
