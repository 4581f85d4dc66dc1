import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeParams, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from '../../src/lsp/server.js';
import type { Rule } from '../../src/rule-api/types.js';

/** Client capabilities a full editor announces; tests switch parts off to check the fallbacks. */
export function clientCapabilities(): InitializeParams['capabilities'] {
  return {
    workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true },
    },
  };
}

/**
 * The editor side of a test: records every notification and answers the server's requests, so a test can wait
 * for what the server publishes.
 */
export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly registrations: unknown[] = [];
  readonly shownMessages: string[] = [];
  /** What workspace/configuration answers for each item: the `volint` section, or a function of the item. */
  settings: unknown = {};
  private waiters: (() => void)[] = [];

  constructor(readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.wake();
    });
    connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.shownMessages.push(params.message);
      this.wake();
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map((item) => (typeof this.settings === 'function' ? (this.settings as (item: unknown) => unknown)(item) : this.settings)),
    );
    connection.onRequest('client/registerCapability', (params: { registrations: unknown[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    connection.listen();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves with the first value `probe` returns that is not undefined, checked after each notification. */
  async until<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next diagnostics published for `uri` after `afterCount` publications (all of them counted). */
  nextDiagnostics(uri: string, afterCount = this.published.length): Promise<PublishDiagnosticsParams> {
    return this.until(() => this.published.slice(afterCount).find((p) => p.uri === uri), `diagnostics for ${uri}`);
  }
}

export interface InProcessServer {
  client: TestClient;
  init: InitializeResult;
  /** Closes both ends of the connection. */
  dispose: () => void;
}

/**
 * A server in this process, wired to a test client through in-memory streams, initialized with `dir` as its one
 * workspace folder: what an editor does first, without a child process.
 */
export async function startInProcessServer(options: { rules: readonly Rule[]; dir: string; settings?: unknown; debounce?: number }): Promise<InProcessServer> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { rules: options.rules });
  const client = new TestClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
  client.settings = options.settings ?? {};
  const dispose = (): void => {
    client.connection.dispose();
    serverConnection.dispose();
  };
  try {
    const init = await client.connection.sendRequest<InitializeResult>('initialize', {
      // No process id: the server would otherwise watch this process and exit with it.
      processId: null,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(options.dir).href, name: 'test' }],
      capabilities: clientCapabilities(),
      initializationOptions: { debounce: options.debounce ?? 10 },
    });
    await client.connection.sendNotification('initialized', {});
    return { client, init, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
