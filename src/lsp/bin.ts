#!/usr/bin/env node
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './server.js';

// An editor loses every diagnostic when its server dies, so a stray error is logged (stderr never carries
// protocol messages, whatever the transport) and the server keeps serving.
process.on('uncaughtException', (error) => {
  process.stderr.write(`volint-language-server: ${error.stack ?? error.message}\n`);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`volint-language-server: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
});

try {
  // The transport comes from the command line: --stdio, --node-ipc, --socket=N or --pipe=NAME.
  startServer(createConnection());
} catch (error) {
  process.stderr.write(
    `volint-language-server: ${(error as Error).message}\nUsage: volint-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n`,
  );
  process.exitCode = 2;
}
