import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from '../../src/lsp/server.js';
import type { Rule } from '../../src/rule-api/types.js';
import { clientCapabilities, TestClient } from './client.js';

/** The server in this process over a pair of streams, initialized for a workspace at `dir` (a 10 ms debounce). */
export async function inProcessServer(dir: string, rules: readonly Rule[]): Promise<{ client: TestClient; dispose: () => void }> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(serverConnection, { rules });
  const client = new TestClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
  await client.connection.sendRequest<InitializeResult>('initialize', {
    processId: null,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'test' }],
    capabilities: clientCapabilities(),
    initializationOptions: { debounce: 10 },
  });
  await client.connection.sendNotification('initialized', {});
  return {
    client,
    dispose: () => {
      client.connection.dispose();
      serverConnection.dispose();
    },
  };
}
