import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver';
import { clientCapabilities, TestClient } from './client.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(repoRoot, 'dist/src/lsp/bin.js');
let child: ChildProcess | undefined;
let dir = '';

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: these tests drive the built server; run 'npm run build' first (npm test does).`);
  dir = mkdtempSync(path.join(tmpdir(), 'volint-lsp-ctx-'));
  cpSync(path.join(repoRoot, 'fixtures', 'context', 'fires-copy-file'), dir, { recursive: true });
});

afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('language server and build-context scripts (built, over stdio)', () => {
  it('re-lints a Dockerfile when a script its RUN executes is edited, then saved', async () => {
    child = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    if (!child.stdout || !child.stdin) throw new Error('no stdio');
    const client = new TestClient(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
    await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ctx' }],
      capabilities: clientCapabilities(),
      initializationOptions: { debounce: 10 },
    });
    await client.connection.sendNotification('initialized', {});

    const dockerfile = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    const scriptPath = path.join(dir, 'setup.sh');
    const script = pathToFileURL(scriptPath).href;
    let before = client.published.length;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: dockerfile, languageId: 'dockerfile', version: 1, text: readFileSync(path.join(dir, 'Dockerfile'), 'utf8') },
    });
    const opened = await client.nextDiagnostics(dockerfile, before);
    expect(opened.diagnostics.map((d) => d.code).sort()).toEqual(['volume-permissions-after-declare', 'volume-write-after-declare']);
    const chown = opened.diagnostics.find((d) => d.code === 'volume-permissions-after-declare');
    expect(chown?.range.start).toEqual({ line: 4, character: 4 });
    expect(chown?.relatedInformation?.[0]?.location).toEqual({ uri: script, range: { start: { line: 4, character: 0 }, end: { line: 4, character: 25 } } });
    // The server asked to be told about scripts changing on disk.
    expect(JSON.stringify(client.registrations)).toContain('**/*.sh');

    // An unsaved edit of the open script: the Dockerfile's findings follow the buffer.
    before = client.published.length;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: script, languageId: 'shellscript', version: 1, text: readFileSync(scriptPath, 'utf8') },
    });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: script, version: 2 },
      contentChanges: [{ text: '#!/bin/sh\nmkdir -p /var/lib/app/x\n' }],
    });
    const edited = await client.until(() => {
      const latest = client.published.slice(before).filter((p) => p.uri === dockerfile).at(-1);
      return latest && latest.diagnostics.length === 1 ? latest : undefined;
    }, 'diagnostics after the script edit');
    expect(edited.diagnostics[0]?.code).toBe('volume-write-after-declare');
    expect(edited.diagnostics[0]?.message).toContain('setup.sh:2');

    // Closed without saving, then changed on disk: the watched-files notification brings the new text in.
    before = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: script } });
    writeFileSync(scriptPath, '#!/bin/sh\necho nothing under the volume\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: script, type: 2 }] });
    const saved = await client.until(() => {
      const latest = client.published.slice(before).filter((p) => p.uri === dockerfile).at(-1);
      return latest && latest.diagnostics.length === 0 ? latest : undefined;
    }, 'diagnostics after the script changed on disk');
    expect(saved.diagnostics).toEqual([]);
    await client.connection.sendRequest('shutdown');
    client.connection.dispose();
  });
});
