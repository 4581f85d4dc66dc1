import { spawn, spawnSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, InitializeResult } from 'vscode-languageserver';
import { clientCapabilities, TestClient } from './client.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(repoRoot, 'dist/src/lsp/bin.js');
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: these tests drive the built server; run 'npm run build' first (npm test does).`);
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
});

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
}

function spawnStdio(): { child: ChildProcess; client: TestClient; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new TestClient(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
  return { child, client, stderr: () => stderr };
}

function initialize(connection: MessageConnection, dir: string): Promise<InitializeResult> {
  return connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'test' }],
    capabilities: clientCapabilities(),
    initializationOptions: { debounce: 20 },
  });
}

async function shutdownAndExit(connection: MessageConnection, child: ChildProcess): Promise<number | null> {
  expect(await connection.sendRequest('shutdown')).toBeNull();
  await connection.sendNotification('exit');
  return exitCode(child);
}

const BAD = 'FROM debian:12\nVOLUME /data\nRUN chown -R app:app /data\n';

describe('volint-language-server over stdio (built)', () => {
  it('lints on open, offers the ignore action, re-lints the edited text, clears on close and exits 0', async () => {
    const { child, client } = spawnStdio();
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-lsp-'));
    const init = await initialize(client.connection, dir);
    expect(init.serverInfo?.name).toBe('volint');
    await client.connection.sendNotification('initialized', {});
    await client.until(() => (client.registrations.length > 0 ? true : undefined), 'the config and build-context file watcher registration');
    expect(client.registrations).toMatchObject([
      {
        method: 'workspace/didChangeWatchedFiles',
        registerOptions: { watchers: [{ globPattern: '**/.volintrc.json' }, { globPattern: '**/.volintrc.yaml' }, { globPattern: '**/.volintrc.yml' }, { globPattern: '**/package.json' },
          // Build-context files a Dockerfile's findings depend on (scripts a RUN executes, .dockerignore).
          { globPattern: '**/*.sh' }, { globPattern: '**/.dockerignore' }, { globPattern: '**/*.dockerignore' }] },
      },
    ]);

    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: BAD } });
    const opened = await client.nextDiagnostics(uri, 0);
    expect(opened.version).toBe(1);
    const permission = opened.diagnostics.filter((d) => d.code === 'volume-permissions-after-declare');
    expect(permission).toHaveLength(1);
    const [d] = permission;
    expect(d).toMatchObject({
      range: { start: { line: 2, character: 4 }, end: { line: 2, character: 26 } },
      severity: 1,
      source: 'volint',
      codeDescription: { href: expect.stringMatching(/\/rules\/volume-permissions-after-declare\.md$/) as unknown },
      relatedInformation: [{ location: { uri, range: { start: { line: 1, character: 7 }, end: { line: 1, character: 12 } } }, message: 'VOLUME /data is declared here.' }],
    });
    expect(d?.message).toMatch(/^`chown` sets the owner of \/data after its VOLUME \(line 2\): /);

    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d?.range,
      context: { diagnostics: permission },
    });
    const ignore = actions.find((a) => a.title === 'Ignore volume-permissions-after-declare for this instruction');
    const edits = ignore?.edit?.changes?.[uri];
    expect(edits).toEqual([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# volint ignore=volume-permissions-after-declare\n' }]);
    if (!edits) return;

    const edited = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, BAD), edits);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    const after = await client.until(() => client.published.find((p) => p.uri === uri && p.version === 2), 'diagnostics of version 2');
    expect(after.diagnostics.filter((x) => x.code === 'volume-permissions-after-declare')).toEqual([]);
    expect(edited).toContain('# volint ignore=volume-permissions-after-declare\nRUN chown');

    const count = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    expect((await client.nextDiagnostics(uri, count)).diagnostics).toEqual([]);

    expect(await shutdownAndExit(client.connection, child)).toBe(0);
  });

  it('fix all moves the VOLUME below the writes, as --fix does, and the findings go', async () => {
    const { child, client } = spawnStdio();
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-lsp-'));
    await initialize(client.connection, dir);
    await client.connection.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    const seed = 'FROM debian\nVOLUME /data\nRUN touch /data/x\nRUN chown -R foo:foo /data\n';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: seed } });
    expect((await client.nextDiagnostics(uri, 0)).diagnostics.map((d) => d.code)).toEqual(['volume-write-after-declare', 'volume-permissions-after-declare']);

    const [fixAll, ...others] = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(others).toEqual([]);
    const edits = fixAll?.edit?.changes?.[uri] ?? [];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, seed), edits);
    expect(fixed).toBe('FROM debian\nRUN mkdir -p /data\nRUN touch /data/x\nRUN chown -R foo:foo /data\nVOLUME /data\n');

    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await client.until(() => client.published.find((p) => p.uri === uri && p.version === 2), 'diagnostics of version 2');
    expect(after.diagnostics).toEqual([]);
    expect(await shutdownAndExit(client.connection, child)).toBe(0);
  });

  it('uses the nearest config file and reloads it when the editor reports a change', async () => {
    const { child, client } = spawnStdio();
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-lsp-'));
    const config = path.join(dir, '.volintrc.yaml');
    writeFileSync(config, 'rules:\n  volume-permissions-after-declare: warn\n');
    await initialize(client.connection, dir);
    await client.connection.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: BAD } });
    const opened = await client.nextDiagnostics(uri, 0);
    expect(opened.diagnostics.find((d) => d.code === 'volume-permissions-after-declare')?.severity).toBe(2);

    writeFileSync(config, 'rules:\n  volume-permissions-after-declare: "off"\n');
    const count = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
    const reloaded = await client.nextDiagnostics(uri, count);
    expect(reloaded.diagnostics.map((d) => d.code)).not.toContain('volume-permissions-after-declare');
    expect(await shutdownAndExit(client.connection, child)).toBe(0);
  });

  it('survives malformed messages, unknown methods, non-Dockerfiles and unparsable text', async () => {
    const { child, client, stderr } = spawnStdio();
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-lsp-'));
    await initialize(client.connection, dir);
    await client.connection.sendNotification('initialized', {});

    // Broken JSON, a header without Content-Length, and a JSON value that is no JSON-RPC message.
    child.stdin?.write('Content-Length: 7\r\n\r\n{oops!}');
    child.stdin?.write('X-Nonsense: 1\r\n\r\n');
    child.stdin?.write('Content-Length: 2\r\n\r\n[]');
    // vscode-jsonrpc's reader stops at a header without Content-Length and reads on only when more bytes arrive. When
    // the pipe delivers that header and the request below in one chunk (it does on a loaded machine), nothing else
    // would arrive: notifications the server ignores keep the bytes coming until the answer is there.
    const nudge = setInterval(() => void client.connection.sendNotification('volint/nudge', {}), 50);
    try {
      await expect(client.connection.sendRequest('volint/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    } finally {
      clearInterval(nudge);
    }
    await client.connection.sendNotification('volint/noSuchNotification', { x: 1 });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never/opened/Dockerfile', version: 3 }, contentChanges: [{ text: 'x' }] });

    const py = pathToFileURL(path.join(dir, 'tool.py')).href;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: py, languageId: 'python', version: 1, text: 'VOLUME = 1\n' } });
    expect(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: py }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } })).toEqual([]);

    const texts = ['', '\u0000\u0001\u0002 garbage \\\n\\\n', 'FROM debian\nRUN <<EOF\nunterminated heredoc', 'VOLUME ["/a", \nFROM --platform=$X $Y AS\nONBUILD ONBUILD ONBUILD\n', 'FROM x\n'.repeat(2000)];
    for (const [i, text] of texts.entries()) {
      const uri = pathToFileURL(path.join(dir, `Dockerfile.${String(i)}`)).href;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      const published = await client.nextDiagnostics(uri, 0);
      expect(Array.isArray(published.diagnostics)).toBe(true);
    }
    const empty = await client.nextDiagnostics(pathToFileURL(path.join(dir, 'Dockerfile.0')).href, 0);
    expect(empty.diagnostics.map((x) => x.message)).toEqual(['File is empty: there is nothing to build.']);
    expect(client.published.some((p) => p.uri === py)).toBe(false);

    expect(await shutdownAndExit(client.connection, child)).toBe(0);
    expect(stderr()).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on exit without shutdown, as the protocol says', async () => {
    const { child, client } = spawnStdio();
    await initialize(client.connection, mkdtempSync(path.join(tmpdir(), 'volint-lsp-')));
    await client.connection.sendNotification('exit');
    expect(await exitCode(child)).toBe(1);
  });

  it('speaks over --node-ipc and --socket=N as well', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'volint-lsp-'));
    const ipcChild = fork(BIN, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    children.push(ipcChild);
    const ipc = createMessageConnection(new IPCMessageReader(ipcChild), new IPCMessageWriter(ipcChild));
    ipc.listen();
    expect((await initialize(ipc, dir)).serverInfo?.name).toBe('volint');
    expect(await shutdownAndExit(ipc, ipcChild)).toBe(0);
    ipc.dispose();

    // With --socket the server connects to a port the client listens on.
    const listener = createServer();
    const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const socketChild = spawn(process.execPath, [BIN, `--socket=${String(address.port)}`], { stdio: 'ignore' });
    children.push(socketChild);
    const socket = await accepted;
    const sock = createMessageConnection(new StreamMessageReader(socket), new StreamMessageWriter(socket));
    sock.listen();
    expect((await initialize(sock, dir)).serverInfo?.name).toBe('volint');
    expect(await shutdownAndExit(sock, socketChild)).toBe(0);
    sock.dispose();
    listener.close();
  });

  it('explains its usage when no transport is given', async () => {
    const child = spawn(process.execPath, [BIN], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).toBe(2);
    const usage = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout;
    expect(stderr).toBe(`volint-language-server: name a transport (editors usually pass --stdio).\n\n${usage}`);
  });

  it('prints its help and version without starting', () => {
    const run = (arg: string) => spawnSync(process.execPath, [BIN, arg], { encoding: 'utf8' });
    for (const arg of ['--help', '-h']) {
      const help = run(arg);
      expect([help.status, help.stderr]).toEqual([0, '']);
      expect(help.stdout).toMatch(/^Usage: volint-language-server --stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME\n/);
    }
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const arg of ['--version', '-v']) expect(run(arg)).toMatchObject({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
