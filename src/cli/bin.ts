import { MAX_SOURCE_BYTES } from '../engine/source.js';
import { runCli } from './main.js';

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    // Past the limit the text is refused anyway (decodeSource says why): stop reading an endless `< /dev/zero`.
    if (size > MAX_SOURCE_BYTES) break;
  }
  return Buffer.concat(chunks);
}

async function main(): Promise<number> {
  try {
    return await runCli(process.argv.slice(2), {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      readStdin,
      cwd: process.cwd(),
      colorDefault: process.stdout.isTTY && !process.env.NO_COLOR,
    });
  } catch (error) {
    // Nothing should get here; if something does, say so in one line instead of a stack trace.
    process.stderr.write(`volint: internal error: ${(error as Error).message}\nPlease report it with the file that caused it.\n`);
    return 2;
  }
}

// No top-level await: the bundled CLI is CommonJS (see src/cli/launcher.cts).
void main().then((code) => {
  // Exit as soon as the output is flushed: once the shell grammar has run, V8 keeps optimising its WebAssembly in the
  // background and a natural exit would wait for that (about 2 s) although nothing is left to do.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
