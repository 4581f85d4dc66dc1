// One measurement in a fresh process, for bench/run.mjs (each tool gets its own process: no shared JIT, memory or
// module state). Prints one JSON line on stdout (on stderr for `cli`, whose report owns stdout).
//
//   node bench/measure.mjs throughput <volint|volint-default-config|dockerfilelint|dockerfile-utils> <file listing the paths>
//   node bench/measure.mjs large <tool> <index into LARGE_INPUTS>
//   node bench/measure.mjs cli <volint arguments...>
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { LARGE_INPUTS } from './inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The peers are the bench's own tools (bench/peers, installed by bench/run.mjs), not devDependencies.
const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers', 'package.json'));
const [mode, tool, arg] = process.argv.slice(2);
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * Loads a tool and returns `lint(path, bytes)`, which resolves to the number of findings. `volint` looks for each
 * file's nearest config file as the CLI does; `volint-default-config` skips that, to show the linting alone.
 */
async function loadTool(name) {
  if (name === 'volint' || name === 'volint-default-config') {
    // The V8 setting the volint CLI makes (src/cli/launcher.cts).
    setFlagsFromString('--liftoff-only');
    const load = (rel) => import(pathToFileURL(path.join(root, 'dist', rel)).href);
    const { rules } = await load('rules/index.js');
    const { createConfigResolver } = await load('src/config/resolve.js');
    const { DEFAULT_CONFIG } = await load('src/config/types.js');
    const { lintBytes } = await load('src/engine/lint-files.js');
    // What volint loads on first use (the Dockerfile parser, the shell grammar) is loaded here, as the peers load
    // all of their code when required: the clock times linting, not loading (the start-up rows time that).
    await load('src/model/build.js');
    await (await load('src/engine/linter.js')).loadShellAnalysis();
    const resolver = createConfigResolver({}, { cwd: process.cwd() });
    const configFor = name === 'volint' ? (f) => resolver.configFor(f) : () => DEFAULT_CONFIG;
    const options = { rules, configFor };
    return async (file, bytes) => (await lintBytes(bytes, file, options)).messages.length;
  }
  if (name === 'dockerfilelint') {
    const { run } = require('dockerfilelint');
    // Its CLI passes the file's folder, where it looks for a .dockerfilelintrc.
    return async (file, bytes) => run(path.dirname(file), Buffer.from(bytes).toString('utf8')).length;
  }
  if (name === 'dockerfile-utils') {
    const { validate } = require('dockerfile-utils');
    return async (_file, bytes) => validate(Buffer.from(bytes).toString('utf8')).length;
  }
  throw new Error(`unknown tool ${name}`);
}

if (mode === 'cli') {
  // The package's bin: the bundled CLI.
  process.argv = [process.argv[0], path.join(root, 'dist/cli/volint.cjs'), ...process.argv.slice(3)];
  process.on('exit', () => process.stderr.write(`\n@@measure ${JSON.stringify({ maxRssMb: maxRssMb() })}\n`));
  await import(pathToFileURL(process.argv[1]).href);
} else if (mode === 'throughput') {
  const lint = await loadTool(tool);
  const files = readFileSync(arg, 'utf8').split('\n').filter(Boolean);
  // Read before the clock starts: the tools are compared on linting, and all get the same bytes.
  const contents = files.map((f) => readFileSync(f));
  const bytes = contents.reduce((n, b) => n + b.length, 0);
  let findings = 0;
  let failures = 0;
  const start = performance.now();
  for (let i = 0; i < files.length; i++) {
    try {
      findings += await lint(files[i], contents[i]);
    } catch {
      // dockerfilelint throws on some files (an empty one, odd instructions): counted, as a user would see it.
      failures++;
    }
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({ tool, files: files.length, bytes, ms, findings, failures, maxRssMb: maxRssMb() }));
} else if (mode === 'large') {
  const input = LARGE_INPUTS[Number(arg)];
  const text = input.make();
  const lint = await loadTool(tool);
  const start = performance.now();
  const findings = await lint(path.join(tmpdir(), 'Dockerfile'), Buffer.from(text));
  console.log(JSON.stringify({ tool, input: input.name, bytes: text.length, ms: performance.now() - start, findings, maxRssMb: maxRssMb() }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
