import type { MessageConnection } from 'vscode-jsonrpc';
import type { InitializeParams, PublishDiagnosticsParams } from 'vscode-languageserver';

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
