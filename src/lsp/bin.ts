#!/usr/bin/env node
import { packageInfo } from '../config/package-info.js';

const USAGE = `Usage: volint-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME

volint's Language Server Protocol server: the diagnostics, quick fixes and fix-all of the volint CLI, with the
same rules and config files. Editors start it with one of the transports above (usually --stdio).

Options:
  --stdio          talk over standard input and output
  --node-ipc       talk over Node's IPC channel (when the editor forks this process)
  --socket=PORT    connect to the editor on this TCP port of 127.0.0.1
  --pipe=NAME      connect to the editor on this named pipe or socket file
  -h, --help       print this help and exit
  -v, --version    print the version and exit
`;

const args = process.argv.slice(2);
// The transports vscode-languageserver's createConnection reads from the command line.
const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${packageInfo().version}\n`);
} else if (!args.some((a) => TRANSPORT.test(a))) {
  process.stderr.write(`volint-language-server: name a transport (editors usually pass --stdio).\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  // An editor loses every diagnostic when its server dies, so a stray error is logged (stderr never carries
  // protocol messages, whatever the transport) and the server keeps serving.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`volint-language-server: ${error.stack ?? error.message}\n`);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`volint-language-server: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
  });
  const [{ createConnection }, { startServer }] = await Promise.all([import('vscode-languageserver/node'), import('./server.js')]);
  try {
    startServer(createConnection());
  } catch (error) {
    process.stderr.write(`volint-language-server: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  }
}
