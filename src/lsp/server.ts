import { CONFIG_FILE_NAMES } from '../config/files.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver';
import { rules as shippedRules } from '../../rules/index.js';
import { packageInfo } from '../config/package-info.js';
import { UNUSED_IGNORE_META } from '../engine/ignores.js';
import type { Rule } from '../rule-api/types.js';
import { lintAndFix, SAFE_FIXES } from '../fix/apply.js';
import { fixAllAction, FIX_ALL_KIND, isWanted, quickFixes } from './code-actions.js';
import { documentDiagnostic, readDiagnosticData, toDiagnostics } from './diagnostics.js';
import { DocumentConfigs } from './document-config.js';
import { documentKind, documentPath, isDockerfileDocument } from './documents.js';
import type { ImageResolution } from '../engine/image-resolution.js';
import { lintDocument } from './lint-document.js';
import { DebouncedTasks } from './scheduler.js';

export interface ServerOptions {
  /** The rules to run; the shipped ones unless a test gives others. */
  rules?: readonly Rule[];
}

/** Quiet time after a keystroke before re-linting; `initializationOptions.debounce` changes it. */
export const DEFAULT_DEBOUNCE_MS = 150;

/** Build-context files a result usually depends on; others are watched by name once a result names them. */
const DEPENDENCY_GLOBS: readonly string[] = ['**/*.sh', '**/.dockerignore', '**/*.dockerignore'];

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readDebounce(initializationOptions: unknown): number {
  const value = typeof initializationOptions === 'object' && initializationOptions !== null ? (initializationOptions as { debounce?: unknown }).debounce : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_DEBOUNCE_MS;
}

/** Where an unsaved buffer looks for config: the first workspace folder, else the server's directory. */
function workspaceDir(params: InitializeParams): string {
  const uri = params.workspaceFolders?.[0]?.uri;
  if (uri?.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // Not a local folder: fall through to the working directory.
    }
  }
  return process.cwd();
}

/** Serves volint over an LSP connection: diagnostics for open Dockerfiles and the code actions that fix them. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const rules = options.rules ?? shippedRules;
  const docsUrls = new Map([...rules.map((r) => r.meta), UNUSED_IGNORE_META].map((m) => [m.id, m.docs.url]));
  const documents = new TextDocuments(TextDocument);
  const seen = new Set<string>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let fallbackDir = process.cwd();
  let canPullSettings = false;
  let canWatchFiles = false;
  let canRegisterSettings = false;
  let pushedSettings: unknown;

  // Nothing waits for these promises; a failure (the client went away, refused a registration) is only logged.
  const background = (promise: Promise<unknown>, what: string): void => {
    promise.catch((error: unknown) => {
      connection.console.error(`volint: ${what} failed: ${errorText(error)}`);
    });
  };

  const configs = new DocumentConfigs({
    knownRules: new Set(docsUrls.keys()),
    async settings(uri) {
      if (!canPullSettings) return pushedSettings;
      try {
        return (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'volint' })) as unknown;
      } catch (error) {
        connection.console.warn(`volint: could not read the editor's volint settings: ${errorText(error)}`);
        return undefined;
      }
    },
    warn(problem) {
      // A plain notification: showWarningMessage sends a request, whose answer nobody needs.
      background(connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem }), 'showing a settings problem');
    },
  });

  const isLinted = (document: TextDocument): boolean => isDockerfileDocument(document.uri, document.languageId, document.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }));

  // Files other than a document that its findings depend on → those documents: build-context scripts and
  // .dockerignore for a Dockerfile; `.env`, override and `extends` files, built Dockerfiles for a Compose file.
  const dependents = new Map<string, Set<string>>();
  const dependencyUris = new Map<string, Set<string>>();
  const watchedNames = new Set<string>();
  const noteDependencies = (uri: string, files: readonly string[]): void => {
    for (const file of dependencyUris.get(uri) ?? []) dependents.get(file)?.delete(uri);
    const now = new Set(files.map((file) => pathToFileURL(file).href));
    dependencyUris.set(uri, now);
    const unwatched: string[] = [];
    for (const file of now) {
      let set = dependents.get(file);
      if (!set) dependents.set(file, (set = new Set()));
      set.add(uri);
      const name = path.posix.basename(file);
      if (!name.endsWith('.sh') && !name.endsWith('.dockerignore') && !watchedNames.has(name)) {
        watchedNames.add(name);
        unwatched.push(name);
      }
    }
    if (canWatchFiles && unwatched.length > 0) {
      const watchers = unwatched.map((name) => ({ globPattern: `**/${name}` }));
      background(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }), 'watching the files results depend on');
    }
  };
  const relintDependents = (fileUri: string, delay: number): void => {
    for (const uri of dependents.get(fileUri) ?? []) if (documents.get(uri)) tasks.schedule(uri, delay);
  };
  // An open file's unsaved text is what it will say once saved (a script a RUN executes, a Compose file's .env): lint against it.
  const readOpenFile = (absPath: string): string | undefined => documents.get(pathToFileURL(absPath).href)?.getText();

  async function diagnose(document: TextDocument): Promise<Diagnostic[]> {
    const filePath = documentPath(document.uri, fallbackDir);
    let resolved;
    try {
      resolved = await configs.configFor(document.uri, filePath);
    } catch (error) {
      return [documentDiagnostic(`volint cannot lint this file because of its config: ${errorText(error)}`)];
    }
    if (resolved.ignored) return [];
    const { config } = resolved;
    try {
      // Image configs (--resolve-images) never hold a lint up: it uses what the cache has, and the document is
      // linted again when the registry has answered.
      const imageResolution: ImageResolution = {
        mode: 'background',
        onResolved: () => {
          tasks.schedule(document.uri, 0);
        },
        warn: (message) => {
          connection.console.warn(`volint: ${message}`);
        },
      };
      const kind = documentKind(document.uri, document.languageId, document.getText());
      const lint = await lintDocument(document.getText(), { filePath, config, rules, imageResolution, readFile: readOpenFile, ...(kind ? { kind } : {}) });
      noteDependencies(document.uri, lint.result.dependencies ?? []);
      return toDiagnostics(document, lint, (id) => docsUrls.get(id));
    } catch (error) {
      connection.console.error(`volint: internal error on ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return [documentDiagnostic(`volint failed on this file (internal error: ${errorText(error)}). Please report it with the file.`)];
    }
  }

  // The latest lint started per document: an older one still running (for an older version or config) must not
  // publish over it.
  const runs = new Map<string, number>();
  let runCount = 0;
  const tasks = new DebouncedTasks(async (uri) => {
    const document = documents.get(uri);
    if (!document) return;
    const run = ++runCount;
    runs.set(uri, run);
    const diagnostics = await diagnose(document);
    // A newer version or a close came in meanwhile: the lint that follows it publishes.
    if (runs.get(uri) !== run || documents.get(uri)?.version !== document.version) return;
    background(connection.sendDiagnostics({ uri, version: document.version, diagnostics }), 'publishing diagnostics');
  });

  const relintAll = (): void => {
    for (const document of documents.all()) if (isLinted(document)) tasks.schedule(document.uri, 0);
  };

  async function fixAll(document: TextDocument): Promise<CodeAction | undefined> {
    const filePath = documentPath(document.uri, fallbackDir);
    const { config, ignored } = await configs.configFor(document.uri, filePath);
    if (ignored) return undefined;
    // Fix-all runs on save without asking: safe fixes only, as `volint --fix`.
    const result = await lintAndFix(document.getText(), { filePath, config, rules }, () => true, SAFE_FIXES);
    if (result.output === undefined || documents.get(document.uri)?.version !== document.version) return undefined;
    return fixAllAction(document, result.output);
  }

  connection.onInitialize((params) => {
    const workspace = params.capabilities.workspace;
    canPullSettings = workspace?.configuration === true;
    canWatchFiles = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canRegisterSettings = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    debounceMs = readDebounce(params.initializationOptions);
    fallbackDir = workspaceDir(params);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'volint', version: packageInfo().version },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      const watchers = [...CONFIG_FILE_NAMES.map((name) => `**/${name}`), ...DEPENDENCY_GLOBS].map((globPattern) => ({ globPattern }));
      background(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }), 'watching config and build-context files');
    }
    // Clients that pull settings only announce changes to servers that register for them.
    if (canRegisterSettings) {
      background(connection.client.register(DidChangeConfigurationNotification.type, { section: 'volint' }), 'watching settings');
    }
  });

  connection.onDidChangeConfiguration(({ settings }) => {
    pushedSettings = typeof settings === 'object' && settings !== null ? (settings as { volint?: unknown }).volint : undefined;
    configs.settingsChanged();
    relintAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) relintDependents(change.uri, 0);
    if (!changes.some((c) => (CONFIG_FILE_NAMES as readonly string[]).includes(path.posix.basename(c.uri)))) return;
    configs.configFilesChanged();
    relintAll();
  });

  documents.onDidChangeContent(({ document }) => {
    relintDependents(document.uri, debounceMs);
    if (!isLinted(document)) return;
    // The first lint (on open) runs at once; edits wait for typing to pause.
    const opened = !seen.has(document.uri);
    seen.add(document.uri);
    tasks.schedule(document.uri, opened ? 0 : debounceMs);
  });

  documents.onDidClose(({ document }) => {
    tasks.cancel(document.uri);
    runs.delete(document.uri);
    // A closed script is read from the disk again.
    relintDependents(document.uri, 0);
    noteDependencies(document.uri, []);
    seen.delete(document.uri);
    configs.forget(document.uri);
    if (isLinted(document)) background(connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }), 'clearing diagnostics');
  });

  connection.onCodeAction(async ({ textDocument, context }) => {
    const document = documents.get(textDocument.uri);
    if (!document || !isLinted(document)) return [];
    const { only, diagnostics } = context;
    const actions = isWanted(CodeActionKind.QuickFix, only) ? quickFixes(document.uri, document.version, diagnostics) : [];
    // Without a filter, fix-all is offered only next to a fixable finding, as ESLint does: working it out lints
    // the whole file, too much for every cursor move.
    const fixableHere = diagnostics.some((d) => readDiagnosticData(d.data)?.fix?.applicability === 'safe');
    if (only ? isWanted(FIX_ALL_KIND, only) : fixableHere) {
      try {
        const action = await fixAll(document);
        if (action) actions.push(action);
      } catch (error) {
        connection.console.error(`volint: fix all failed on ${document.uri}: ${errorText(error)}`);
      }
    }
    return actions;
  });

  connection.onShutdown(() => {
    tasks.cancelAll();
  });

  documents.listen(connection);
  connection.listen();
}
