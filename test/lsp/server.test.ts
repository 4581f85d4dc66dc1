import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, InitializeResult, TextEdit } from 'vscode-languageserver';
import { startInProcessServer, TestClient } from './client.js';
import { lowercaseKeyword } from './fake-rules.js';

const RULE = lowercaseKeyword.meta.id;
const disposers: (() => void)[] = [];

afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

/** A server in this process, wired to a test client through in-memory streams, running the test rule. */
async function startInProcess(options: { debounce?: number; settings?: unknown } = {}): Promise<{ client: TestClient; dir: string; init: InitializeResult }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'volint-lsp-'));
  const server = await startInProcessServer({ rules: [lowercaseKeyword], dir, ...options });
  disposers.push(server.dispose);
  return { client: server.client, dir, init: server.init };
}

class OpenDocument {
  private doc: TextDocument;

  constructor(
    private readonly client: TestClient,
    readonly uri: string,
    text: string,
  ) {
    this.doc = TextDocument.create(uri, 'dockerfile', 1, text);
  }

  get version(): number {
    return this.doc.version;
  }

  get text(): string {
    return this.doc.getText();
  }

  async open(): Promise<Diagnostic[]> {
    const before = this.client.published.length;
    await this.client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: 'dockerfile', version: 1, text: this.text },
    });
    return (await this.client.nextDiagnostics(this.uri, before)).diagnostics;
  }

  /** Sends the edits as incremental changes (applied one after the other, so in reverse document order). */
  async change(edits: readonly TextEdit[]): Promise<void> {
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    const version = this.doc.version + 1;
    this.doc = TextDocument.create(this.uri, 'dockerfile', version, TextDocument.applyEdits(this.doc, [...edits]));
    await this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version },
      contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
  }

  /** Waits for the diagnostics of the current version. */
  diagnostics(): Promise<Diagnostic[]> {
    const version = this.doc.version;
    return this.client
      .until(() => this.client.published.find((p) => p.uri === this.uri && p.version === version), `diagnostics of version ${String(version)}`)
      .then((p) => p.diagnostics);
  }

  codeActions(diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const end = this.doc.positionAt(this.text.length);
    return this.client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range: { start: { line: 0, character: 0 }, end },
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  editsOf(action: CodeAction | undefined): TextEdit[] {
    const edits = action?.edit?.changes?.[this.uri];
    if (!edits) throw new Error(`code action ${action?.title ?? '(none)'} has no edit for the document`);
    return edits;
  }
}

describe('diagnostics and code actions (in process, test rule)', () => {
  it('publishes diagnostics with code, docs link, related location and the edits in data', async () => {
    const { client, dir, init } = await startInProcess();
    expect(init.capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'source.fixAll.volint'] });
    expect(init.capabilities.textDocumentSync).toEqual({ openClose: true, change: 2 });
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'FROM debian\n  volume /data\n');
    const [d, ...rest] = await doc.open();
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } },
      severity: 1,
      source: 'volint',
      code: RULE,
      codeDescription: { href: 'https://example.test/rules/test-lowercase-keyword.md' },
      message: '`volume` is in lower case. Write VOLUME.',
      relatedInformation: [{ location: { uri: doc.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } }, message: 'The first instruction.' }],
      data: {
        version: 1,
        fix: { applicability: 'safe', edits: [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } }, newText: 'VOLUME' }] },
        suggestions: [{ title: 'Delete this VOLUME line', edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } }, newText: '' }] }],
        ignore: { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: `  # volint ignore=${RULE}\n` },
      },
    });
  });

  it('offers fix (preferred), suggestion and ignore; the fix removes the finding', async () => {
    const { client, dir } = await startInProcess();
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'FROM debian\nvolume /data\n');
    const diagnostics = await doc.open();
    const actions = await doc.codeActions(diagnostics, ['quickfix']);
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred ?? false])).toEqual([
      [`Fix this ${RULE} problem`, 'quickfix', true],
      ['Delete this VOLUME line', 'quickfix', false],
      [`Ignore ${RULE} for this instruction`, 'quickfix', false],
    ]);
    expect(actions[0]?.diagnostics).toEqual(diagnostics);

    await doc.change(doc.editsOf(actions[0]));
    expect(doc.text).toBe('FROM debian\nVOLUME /data\n');
    expect(await doc.diagnostics()).toEqual([]);
  });

  it('ignore inserts the comment with the file line ending and silences the finding', async () => {
    const { client, dir } = await startInProcess();
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'FROM debian\r\n\tvolume /data\r\n');
    const actions = await doc.codeActions(await doc.open());
    await doc.change(doc.editsOf(actions.find((a) => a.title.startsWith('Ignore'))));
    expect(doc.text).toBe(`FROM debian\r\n\t# volint ignore=${RULE}\r\n\tvolume /data\r\n`);
    expect(await doc.diagnostics()).toEqual([]);
  });

  it('fix all applies every fix in one edit, offered for source.fixAll and next to a fixable finding', async () => {
    const { client, dir } = await startInProcess();
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'from debian\nRUN true\nvolume /data\ncmd ["x"]\n');
    const diagnostics = await doc.open();
    expect(diagnostics).toHaveLength(3);
    expect(await doc.codeActions(diagnostics, ['quickfix']).then((a) => a.map((x) => x.kind))).not.toContain('source.fixAll.volint');
    const [fixAll, ...others] = await doc.codeActions([], ['source.fixAll']);
    expect(others).toEqual([]);
    expect(fixAll).toMatchObject({ title: 'Fix all volint problems', kind: 'source.fixAll.volint' });
    expect(doc.editsOf(fixAll)).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: 3, character: 3 } }, newText: 'FROM debian\nRUN true\nVOLUME /data\nCMD' },
    ]);
    expect((await doc.codeActions(diagnostics.slice(0, 1))).map((a) => a.kind)).toContain('source.fixAll.volint');
    expect(await doc.codeActions([], ['source.fixAll.other'])).toEqual([]);

    await doc.change(doc.editsOf(fixAll));
    expect(await doc.diagnostics()).toEqual([]);
    expect(await doc.codeActions([], ['source'])).toEqual([]);
  });

  it('offers nothing for diagnostics of an older version, of another source or with broken data', async () => {
    const { client, dir } = await startInProcess();
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'FROM debian\nvolume /data\n');
    const diagnostics = await doc.open();
    await doc.change([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# more\n' }]);
    expect(await doc.codeActions(diagnostics, ['quickfix'])).toEqual([]);
    const fresh = await doc.diagnostics();
    const [d] = fresh;
    if (!d) throw new Error('no diagnostic');
    expect(await doc.codeActions([{ ...d, source: 'other' }], ['quickfix'])).toEqual([]);
    expect(await doc.codeActions([{ ...d, data: { version: 2, fix: { range: 'bad' } } }], ['quickfix'])).toEqual([]);
    expect(await doc.codeActions([{ ...d, data: undefined }], ['quickfix'])).toEqual([]);
    expect(await doc.codeActions(fresh, ['quickfix'])).toHaveLength(3);
  });

  it('debounces edits: only the last of a quick series is linted and published', async () => {
    const { client, dir } = await startInProcess({ debounce: 300 });
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'FROM debian\n');
    expect(await doc.open()).toEqual([]);
    for (const word of ['volume /a\n', 'volume /b\n', 'volume /c\n']) {
      await doc.change([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: word }]);
    }
    expect(doc.version).toBe(4);
    expect(await doc.diagnostics()).toHaveLength(3);
    expect(client.published.filter((p) => p.uri === doc.uri).map((p) => p.version)).toEqual([1, 4]);
  });

  it('clears the diagnostics on close and ignores documents that are not Dockerfiles', async () => {
    const { client, dir } = await startInProcess();
    const notDockerfile = pathToFileURL(path.join(dir, 'setup.py')).href;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: notDockerfile, languageId: 'python', version: 1, text: 'volume = 1\n' },
    });
    const byName = new OpenDocument(client, pathToFileURL(path.join(dir, 'Containerfile.dev')).href, 'from x\nVOLUME /v\n');
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: byName.uri, languageId: 'plaintext', version: 1, text: byName.text },
    });
    expect(await byName.diagnostics()).toHaveLength(1);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: byName.uri } });
    await client.until(() => (client.published.at(-1)?.diagnostics.length === 0 ? true : undefined), 'cleared diagnostics');
    expect(client.published.map((p) => [path.basename(p.uri), p.diagnostics.length])).toEqual([
      ['Containerfile.dev', 1],
      ['Containerfile.dev', 0],
    ]);
  });
});

describe('settings', () => {
  it('applies volint.rules from workspace/configuration and re-lints when the settings change', async () => {
    const { client, dir } = await startInProcess({ settings: { rules: { [RULE]: 'off' } } });
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'from debian\nVOLUME /v\n');
    expect(await doc.open()).toEqual([]);
    client.settings = { rules: { [RULE]: 'warn' }, builder: 'buildkit' };
    const before = client.published.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [d] = (await client.nextDiagnostics(doc.uri, before)).diagnostics;
    expect(d?.severity).toBe(2);
  });

  it('warns once about a bad setting and lints with the rest', async () => {
    const { client, dir } = await startInProcess({ settings: { builder: 'docker', rules: { 'no-such-rule': 'error', [RULE]: 'loud' } } });
    const doc = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'from debian\nVOLUME /v\n');
    expect(await doc.open()).toHaveLength(1);
    expect(client.shownMessages).toEqual([
      'volint.builder: "docker" is not a builder profile; use one of portable, buildkit, classic, buildah, buildah-compat, kaniko.',
      "volint.rules: unknown rule 'no-such-rule'; it is ignored.",
      `volint.rules.${RULE}: use off, warn or error; it is ignored.`,
    ]);
  });
});

describe('config files', () => {
  it('skips files the nearest config ignores, and reports a broken config until it is fixed', async () => {
    const { client, dir } = await startInProcess();
    const config = path.join(dir, '.volintrc.json');
    writeFileSync(config, JSON.stringify({ ignorePatterns: ['vendor/'] }));
    mkdirSync(path.join(dir, 'vendor'));
    const vendored = new OpenDocument(client, pathToFileURL(path.join(dir, 'vendor', 'Dockerfile')).href, 'from debian\nVOLUME /v\n');
    expect(await vendored.open()).toEqual([]);
    const own = new OpenDocument(client, pathToFileURL(path.join(dir, 'Dockerfile')).href, 'from debian\nVOLUME /v\n');
    expect(await own.open()).toHaveLength(1);

    writeFileSync(config, JSON.stringify({ rulez: {} }));
    const before = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
    const [broken, ...rest] = (await client.nextDiagnostics(own.uri, before)).diagnostics;
    expect(rest).toEqual([]);
    // The ignore patterns are gone with the broken file: the vendored file reports it too.
    expect((await client.nextDiagnostics(vendored.uri, before)).diagnostics).toEqual([broken]);
    expect(broken).toMatchObject({ severity: 1, source: 'volint', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    expect(broken?.message).toContain(`volint cannot lint this file because of its config: ${config}: `);

    writeFileSync(config, JSON.stringify({ ignorePatterns: ['vendor/'] }));
    const again = client.published.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
    expect((await client.nextDiagnostics(own.uri, again)).diagnostics.map((d) => d.code)).toEqual([RULE]);
    expect((await client.nextDiagnostics(vendored.uri, again)).diagnostics).toEqual([]);
  });
});
