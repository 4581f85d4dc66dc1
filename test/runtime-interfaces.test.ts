import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import type { LintResult } from '../src/rule-api/types.js';
import { formatNames } from '../src/report/formats.js';
import { cli, repoRoot } from './helpers/cli.js';
import { startInProcessServer } from './lsp/client.js';

/** A project with a Compose file (building a Dockerfile), its .env, and a backup script. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'volint-runtime-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
cpSync(path.join(repoRoot, 'fixtures', 'rules', 'image-volume-unmounted', 'fires-built-image'), dir, { recursive: true });
rmSync(path.join(dir, 'expected.json'));
writeFileSync(
  path.join(dir, 'compose.yaml'),
  readFileSync(path.join(dir, 'compose.yaml'), 'utf8') + '  db:\n    image: postgres:${PG:-16}\n  cache:\n    # volint ignore=image-volume-unmounted\n    image: redis:7\n',
);
writeFileSync(path.join(dir, '.env'), 'PG=17\n');
writeFileSync(path.join(dir, 'backup.sh'), "#!/bin/sh\ndocker inspect -f '{{.Volumes}}' db # volint ignore=unused-ignore\ndocker inspect -f '{{.Volumes}}' db2\n");

describe('Compose files and scripts through the CLI', () => {
  it('discovers all three kinds, and --kind narrows the walk', async () => {
    const all = await cli(['--format', 'json', '.'], { cwd: dir });
    const results = JSON.parse(all.stdout) as LintResult[];
    const found = results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${String(m.line)}:${m.ruleId ?? ''}`));
    expect(found).toEqual([
      'backup.sh:2:unused-ignore',
      'backup.sh:2:inspect-volumes-field',
      'backup.sh:3:inspect-volumes-field',
      'compose.yaml:3:image-volume-unmounted',
      'compose.yaml:8:image-volume-unmounted',
    ].sort((a, b) => a.localeCompare(b, 'en')).sort((a, b) => a.split(':')[0]?.localeCompare(b.split(':')[0] ?? '') ?? 0));
    expect(all.code).toBe(0);
    const composeOnly = JSON.parse((await cli(['--format', 'json', '--kind', 'compose', '.'], { cwd: dir })).stdout) as LintResult[];
    expect(composeOnly.map((r) => path.basename(r.filePath))).toEqual(['compose.yaml']);
  });

  it('reads the .env values and says what the service image keeps where', async () => {
    const run = await cli(['--format', 'json', 'compose.yaml'], { cwd: dir });
    const [result] = JSON.parse(run.stdout) as LintResult[];
    const db = result?.messages.find((m) => m.line === 8);
    expect(db?.message).toMatch(/^Nothing mounts VOLUME \/var\/lib\/postgresql\/data of postgres:17: /);
    const built = result?.messages.find((m) => m.line === 3);
    expect(built?.relatedLocations?.[0]).toMatchObject({ filePath: path.join(dir, 'Dockerfile'), line: 3 });
  });

  it.each(formatNames)('the %s format carries Compose and script findings', async (format) => {
    const run = await cli(['--format', format, '.'], { cwd: dir });
    expect(run.stdout).toContain('image-volume-unmounted');
    expect(run.stdout).toContain('inspect-volumes-field');
    expect(run.stdout).toMatch(/compose\.yaml/);
    expect(run.stdout).toMatch(/backup\.sh/);
  });

  it('SARIF points a related location at the Dockerfile the service builds', async () => {
    const sarif = JSON.parse((await cli(['--format', 'sarif', 'compose.yaml'], { cwd: dir })).stdout) as {
      runs: { artifacts: { location: { uri: string }; sourceLanguage: string }[]; results: { ruleId: string; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const run = sarif.runs[0];
    const built = run?.results.find((r) => r.relatedLocations !== undefined);
    expect(built?.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri).toBe('Dockerfile');
    expect(run?.artifacts.map((a) => [a.location.uri, a.sourceLanguage])).toEqual([['compose.yaml', 'dockercompose'], ['Dockerfile', 'dockerfile']]);
  });

  it('fixes .Volumes to .Mounts only with --unsafe-fixes: the output changes shape', async () => {
    await cli(['--fix', 'backup.sh'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'backup.sh'), 'utf8')).toContain("docker inspect -f '{{.Volumes}}' db2");
    const dry = JSON.parse((await cli(['--fix-dry-run', '--unsafe-fixes', '--format', 'json', 'backup.sh'], { cwd: dir })).stdout) as LintResult[];
    expect(dry[0]?.output).toContain("docker inspect -f '{{.Mounts}}' db2");
    await cli(['--fix', '--unsafe-fixes', 'backup.sh'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'backup.sh'), 'utf8')).toContain("docker inspect -f '{{.Mounts}}' db2");
  });
});

describe('Compose files and scripts in the language server', () => {
  it('publishes diagnostics for a dockercompose document and a shellscript document', async () => {
    const { client, dispose } = await startInProcessServer({ rules, dir });
    try {
      const compose = pathToFileURL(path.join(dir, 'compose.yaml')).href;
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: compose, languageId: 'dockercompose', version: 1, text: 'services:\n  db:\n    image: mysql:8.4\n' },
      });
      const composeDiagnostics = (await client.nextDiagnostics(compose, 0)).diagnostics;
      expect(composeDiagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['image-volume-unmounted', 2]]);
      // A script under a name that says nothing: the editor's language id decides.
      const script = pathToFileURL(path.join(dir, 'tools', 'backup')).href;
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: script, languageId: 'shellscript', version: 1, text: "docker inspect -f '{{.Volumes}}' db\n" },
      });
      const scriptDiagnostics = (await client.nextDiagnostics(script, 0)).diagnostics;
      expect(scriptDiagnostics.map((d) => [d.code, d.range.start.character])).toEqual([['inspect-volumes-field', 21]]);
    } finally {
      dispose();
    }
  });
});
