import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, InitializeResult, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repoRoot } from '../helpers/cli.js';
import { clientCapabilities, TestClient } from '../lsp/client.js';

/*
 * The editor path: the ESLint language server VS Code runs (vscode-eslint's, as vscode-langservers-extracted ships it),
 * driven headless by the project's LSP test client over stdio, on a workspace whose eslint.config.js uses
 * volint/eslint. The client plays the VS Code extension's part: `eslint.validate: ["dockerfile"]` decides which
 * documents the server validates, and the settings it answers are the extension's, as its middleware sends them.
 */

/** The settings the extension sends for a document, from the user settings this test stands for. */
function extensionSettings(languageId: string, workspace: string): unknown {
  const validate = ['dockerfile'];
  return {
    validate: validate.includes(languageId) ? 'on' : 'off',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeAction: {
      // As the README advises for Dockerfiles: the extension's "Disable rule" fixes would write `//` comments.
      disableRuleComment: { enable: false, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: false },
    },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workspaceFolder: { name: 'test', uri: pathToFileURL(workspace).href },
  };
}

const DOCKERFILE = 'FROM debian:12\nVOLUME /data\nRUN mkdir -p /data/cache\nCMD ["app"]\n';
const require = createRequire(import.meta.url);

let workspace: string;
let server: ChildProcess;
let client: TestClient;

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'volint-vscode-eslint-'));
  // The workspace installs eslint and volint as a project would (links to this checkout's copies).
  mkdirSync(path.join(workspace, 'node_modules'));
  symlinkSync(path.dirname(require.resolve('eslint/package.json')), path.join(workspace, 'node_modules', 'eslint'), 'dir');
  symlinkSync(repoRoot, path.join(workspace, 'node_modules', 'volint'), 'dir');
  writeFileSync(path.join(workspace, 'eslint.config.js'), "import volint from 'volint/eslint';\nexport default [volint.configs.recommended];\n");
  writeFileSync(path.join(workspace, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(workspace, 'Dockerfile'), DOCKERFILE);

  // A test-only tool, installed into test/tools by this test (not by `npm ci`: pre-commit's install never fetches it).
  const tools = path.join(repoRoot, 'test', 'tools');
  execFileSync(process.execPath, [path.join(repoRoot, '.ci', 'install-tools.mjs'), tools], { stdio: 'pipe' });
  const bin = createRequire(path.join(tools, 'package.json')).resolve('vscode-langservers-extracted/bin/vscode-eslint-language-server');
  server = spawn(process.execPath, [bin, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'inherit'] });
  if (!server.stdout || !server.stdin) throw new Error('no stdio');
  client = new TestClient(createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin)));
  // The extension sends per-document settings; a document's language comes from its name here.
  client.settings = (item: { scopeUri?: string }) => extensionSettings(item.scopeUri?.endsWith('.md') ? 'markdown' : 'dockerfile', workspace);
  client.connection.onRequest('workspace/applyEdit', (params: { label?: string; edit: WorkspaceEdit }) => {
    edits.push(params);
    return { applied: true };
  });
  const capabilities = clientCapabilities();
  await client.connection.sendRequest<InitializeResult>('initialize', {
    processId: null,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'test' }],
    capabilities: {
      ...capabilities,
      workspace: { ...capabilities.workspace, applyEdit: true },
      textDocument: { ...capabilities.textDocument, diagnostic: { dynamicRegistration: false } },
    },
  });
  await client.connection.sendNotification('initialized', {});
}, 60_000);

afterAll(async () => {
  try {
    await client.connection.sendRequest('shutdown');
    await client.connection.sendNotification('exit');
  } catch {
    // The server already went away.
  }
  client.connection.dispose();
  server.kill();
  rmSync(workspace, { recursive: true, force: true });
});

const edits: { label?: string; edit: WorkspaceEdit }[] = [];

/** Opens a document and pulls its diagnostics, as VS Code does with this server (LSP pull diagnostics). */
async function open(name: string, languageId: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = pathToFileURL(path.join(workspace, name)).href;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const report = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  return { uri, diagnostics: report.kind === 'full' ? report.items : [] };
}

describe('vscode-eslint language server with volint/eslint', () => {
  it('shows volint findings on a Dockerfile and applies the quick fix; other languages stay unvalidated', async () => {
    const { uri, diagnostics } = await open('Dockerfile', 'dockerfile', DOCKERFILE);
    expect(diagnostics.map((d) => [d.source, d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character])).toEqual([
      ['eslint', 'volint/volume-write-after-declare', 1, 2, 4, 24],
    ]);
    const [diagnostic] = diagnostics;
    expect(diagnostic?.message).toMatch(/^`mkdir` creates \/data\/cache.*\(2:8: VOLUME \/data is declared here\.\)$/s);
    expect(diagnostic?.codeDescription?.href).toBe('https://github.com/volint/volint/blob/main/rules/volume-write-after-declare.md');

    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic?.range,
      context: { diagnostics, only: ['quickfix'] },
    });
    expect(actions.map((a) => a.title)).toEqual(['Fix this volint/volume-write-after-declare problem', 'Fix all auto-fixable problems']);
    // The action is a command: the server answers it with a workspace/applyEdit request, which the client applies.
    const command = actions[0]?.command;
    if (!command) throw new Error('the quick fix has no command');
    await client.connection.sendRequest('workspace/executeCommand', { command: command.command, arguments: command.arguments });
    const change = edits.at(-1)?.edit;
    const textEdits = change?.documentChanges?.flatMap((c) => ('edits' in c ? c.edits : [])) ?? change?.changes?.[uri] ?? [];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, DOCKERFILE), textEdits.filter((e): e is TextEdit => 'range' in e));
    expect(fixed).toBe('FROM debian:12\nRUN mkdir -p /data\nRUN mkdir -p /data/cache\nVOLUME /data\nCMD ["app"]\n');

    // eslint.validate lists only dockerfile: a Markdown file next to it gets nothing.
    expect((await open('notes.md', 'markdown', '# notes\n')).diagnostics).toEqual([]);
  });
});
