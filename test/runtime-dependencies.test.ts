import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import type { LintResult } from '../src/rule-api/types.js';
import { cli } from './helpers/cli.js';
import { startInProcessServer } from './lsp/client.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/**
 * A Compose project whose findings come from other files: the Dockerfile the service builds declares the volumes,
 * `.env` says where the service mounts its volume, and an override file may mount more.
 */
function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'volint-compose-deps-'));
  temps.push(dir);
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm AS runtime\nRUN mkdir -p /srv/data\nVOLUME /srv/data\nCMD ["app"]\n');
  writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  app:\n    build: .\n    volumes:\n      - appdata:${APP_DATA:-/srv/data}\nvolumes:\n  appdata:\n');
  return dir;
}

/** What `volint --cache --format json compose.yaml` finds: each image-volume-unmounted finding's unmounted path. */
async function unmounted(dir: string): Promise<string[]> {
  const run = await cli(['--cache', '--format', 'json', 'compose.yaml'], { cwd: dir });
  const [result] = JSON.parse(run.stdout) as LintResult[];
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''} ${/\/srv\/\w+/.exec(m.message)?.[0] ?? m.message}`);
}

describe('--cache and the files a Compose result depends on', () => {
  it('lints a Compose file again when its .env, its override file or the Dockerfile it builds changes', async () => {
    const dir = project();
    expect(await unmounted(dir)).toEqual([]);

    // The compose file's bytes are the same; the volume now lands elsewhere.
    writeFileSync(path.join(dir, '.env'), 'APP_DATA=/srv/elsewhere\n');
    expect(await unmounted(dir)).toEqual(['image-volume-unmounted /srv/data']);

    // An override file that appears mounts the path again.
    writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  app:\n    volumes:\n      - appdata:/srv/data\n');
    expect(await unmounted(dir)).toEqual([]);

    // The image declares one more volume.
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm AS runtime\nRUN mkdir -p /srv/data\nVOLUME /srv/data /srv/uploads\nCMD ["app"]\n');
    expect(await unmounted(dir)).toEqual(['image-volume-unmounted /srv/uploads']);

    // Nothing changed: the result comes from the cache, which names what it was computed from.
    expect(await unmounted(dir)).toEqual(['image-volume-unmounted /srv/uploads']);
    const cache = JSON.parse(readFileSync(path.join(dir, '.volint-cache'), 'utf8')) as { entries: Record<string, { dependencies?: Record<string, string | null> }> };
    const dependencies = Object.keys(cache.entries[path.join(dir, 'compose.yaml')]?.dependencies ?? {}).map((f) => path.relative(dir, f));
    expect(dependencies).toEqual(expect.arrayContaining(['.env', 'compose.override.yaml', 'Dockerfile']));
    expect(dependencies).not.toContain('compose.yaml');
  });

  it('lints a Compose file again when a file it extends or includes changes', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'compose.yaml'), 'include:\n  - db.yaml\nservices:\n  app:\n    build: .\n    extends:\n      file: common.yaml\n      service: app\n    volumes_from:\n      - db\n');
    writeFileSync(path.join(dir, 'common.yaml'), 'services:\n  app:\n    volumes:\n      - appdata:/srv/data\n');
    writeFileSync(path.join(dir, 'db.yaml'), 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pg:/var/lib/postgresql/data\n');
    expect(await unmounted(dir)).toEqual([]);
    // The extended service no longer mounts the path.
    writeFileSync(path.join(dir, 'common.yaml'), 'services:\n  app:\n    environment:\n      A: b\n');
    expect(await unmounted(dir)).toEqual(['image-volume-unmounted /srv/data']);
    // The included service app takes volumes from now mounts it.
    writeFileSync(path.join(dir, 'db.yaml'), 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pg:/var/lib/postgresql/data\n      - appdata:/srv/data\n');
    expect(await unmounted(dir)).toEqual([]);
  });

  it('keys a result on the --compose-file files it was merged with', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'compose.prod.yaml'), 'services:\n  app:\n    volumes: !override\n      - appdata:/srv/other\n');
    expect(await unmounted(dir)).toEqual([]);
    const merged = await cli(['--cache', '--format', 'json', '--compose-file', 'compose.yaml', '--compose-file', 'compose.prod.yaml', 'compose.yaml'], { cwd: dir });
    expect((JSON.parse(merged.stdout) as LintResult[])[0]?.messages.map((m) => m.ruleId)).toEqual(['image-volume-unmounted']);
    expect(await unmounted(dir)).toEqual([]);
  });

  it('lints a script again when the directory a named volume may mean appears', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'volint-script-deps-'));
    temps.push(dir);
    // The script runs from its own folder, so ./html would be the directory beside it.
    writeFileSync(path.join(dir, 'serve.sh'), '#!/bin/sh\ncd "$(dirname "$0")"\ndocker run -d -v html:/usr/share/nginx/html nginx\n');
    const rulesOf = async () => {
      const run = await cli(['--cache', '--format', 'json', 'serve.sh'], { cwd: dir });
      return (JSON.parse(run.stdout) as LintResult[])[0]?.messages.map((m) => m.ruleId);
    };
    expect(await rulesOf()).toEqual([]);
    mkdirSync(path.join(dir, 'html'));
    expect(await rulesOf()).toEqual(['named-volume-not-directory']);
    rmSync(path.join(dir, 'html'), { recursive: true });
    expect(await rulesOf()).toEqual([]);
  });
});

describe('the language server and the files a Compose result depends on', () => {
  it('lints an open Compose file again when its .env changes on disk, or in an open buffer', async () => {
    const dir = project();
    const { client, dispose } = await startInProcessServer({ rules, dir });
    try {
      const compose = pathToFileURL(path.join(dir, 'compose.yaml')).href;
      const envPath = path.join(dir, '.env');
      const env = pathToFileURL(envPath).href;
      const codesAfter = (before: number, count: number, what: string) =>
        client.until(() => {
          const latest = client.published.slice(before).filter((p) => p.uri === compose).at(-1);
          return latest?.diagnostics.length === count ? latest.diagnostics.map((d) => d.code) : undefined;
        }, what);

      let before = client.published.length;
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: compose, languageId: 'dockercompose', version: 1, text: readFileSync(path.join(dir, 'compose.yaml'), 'utf8') },
      });
      expect((await client.nextDiagnostics(compose, before)).diagnostics).toEqual([]);
      // The server asked to hear of the files the result depends on.
      await client.until(() => (JSON.stringify(client.registrations).includes('**/.env') ? true : undefined), 'a watcher for .env');
      expect(JSON.stringify(client.registrations)).toContain('**/Dockerfile');

      // Changed on disk: the watched-files notification brings it in.
      before = client.published.length;
      writeFileSync(envPath, 'APP_DATA=/srv/elsewhere\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: env, type: 1 }] });
      expect(await codesAfter(before, 1, 'diagnostics after .env was written')).toEqual(['image-volume-unmounted']);

      // An unsaved edit of the open .env: the Compose file's findings follow the buffer.
      before = client.published.length;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: env, languageId: 'properties', version: 1, text: 'APP_DATA=/srv/elsewhere\n' } });
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: env, version: 2 }, contentChanges: [{ text: 'APP_DATA=/srv/data\n' }] });
      expect(await codesAfter(before, 0, 'diagnostics after the .env edit')).toEqual([]);
    } finally {
      dispose();
    }
  });
});
