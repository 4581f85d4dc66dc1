#!/usr/bin/env node
// Re-lint time of the language server for a 1,000-line Dockerfile after warm-up (median of many runs).
// Runs the built server: `npm run build` first. Usage: node bench/lsp-relint.mjs [--runs N] [--file Dockerfile]
//  - in process: what the server does per edit (lint with the CLI's engine, build the LSP diagnostics);
//  - over stdio: from sending textDocument/didChange to receiving its publishDiagnostics, debounce set to 0,
//    so JSON-RPC framing and the message loop are included.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
if (!existsSync(path.join(dist, 'src/lsp/bin.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' }, file: { type: 'string' } } });
const runs = Number(values.runs);
const WARMUP = 30;

/** A realistic 1,000-line Dockerfile: stages, ARG/ENV, long continued RUNs, VOLUMEs with writes after them. */
function syntheticDockerfile() {
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:12', ''];
  for (let s = 0; out.length < 1000; s++) {
    out.push(`FROM \${BASE} AS stage${s}`, `ENV APP_HOME=/srv/app${s} DATA_DIR=/var/lib/app${s}`, 'WORKDIR $APP_HOME');
    out.push('RUN apt-get update \\', '    && apt-get install -y --no-install-recommends \\');
    for (let p = 0; p < 8; p++) out.push(`       package-${s}-${p} \\`);
    out.push('    && rm -rf /var/lib/apt/lists/*');
    out.push(`COPY src/ $APP_HOME/`, 'RUN mkdir -p $DATA_DIR/cache && chown -R 1000:1000 $DATA_DIR', 'VOLUME $DATA_DIR');
    out.push('RUN echo ready > $DATA_DIR/ready \\', '    && chmod 0700 $DATA_DIR/cache');
    out.push(`RUN ["/bin/sh", "-c", "touch /tmp/${s}"]`, `# stage ${s} done`, 'USER 1000', 'EXPOSE 8080', '');
  }
  return out.slice(0, 1000).join('\n') + '\n';
}

const text = values.file ? readFileSync(values.file, 'utf8') : syntheticDockerfile();
const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(2)} ms, p90 ${at(0.9).toFixed(2)} ms, max ${sorted.at(-1).toFixed(2)} ms (${sorted.length} runs)`;
}

/** A one-character edit on a middle line, alternating so each version differs from the last. */
function editFor(i) {
  const line = 500;
  return { range: { start: { line, character: 0 }, end: { line, character: i === 0 ? 0 : 1 } }, text: i % 2 === 0 ? '#' : '' };
}

async function inProcess() {
  const { lintDocument } = await import(pathToFileURL(path.join(dist, 'src/lsp/lint-document.js')).href);
  const { toDiagnostics } = await import(pathToFileURL(path.join(dist, 'src/lsp/diagnostics.js')).href);
  const { rules } = await import(pathToFileURL(path.join(dist, 'rules/index.js')).href);
  const { DEFAULT_CONFIG } = await import(pathToFileURL(path.join(dist, 'src/config/types.js')).href);
  let doc = TextDocument.create('file:///bench/Dockerfile', 'dockerfile', 1, text);
  const samples = [];
  const cpu = [];
  let count = 0;
  for (let i = 0; i < WARMUP + runs; i++) {
    doc = TextDocument.update(doc, [editFor(i)], i + 2);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const lint = await lintDocument(doc.getText(), { filePath: '/bench/Dockerfile', config: DEFAULT_CONFIG, rules });
    count = toDiagnostics(doc, lint, () => undefined).length;
    const c = process.cpuUsage(c0);
    if (i >= WARMUP) {
      samples.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  return { samples, cpu, count };
}

async function overStdio() {
  const child = spawn(process.execPath, [path.join(dist, 'src/lsp/bin.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  let count = 0;
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    count = p.diagnostics.length;
    waiting.get(p.version)?.();
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  connection.listen();
  const uri = 'file:///bench/Dockerfile';
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { debounce: 0 } });
  await connection.sendNotification('initialized', {});
  const opened = published(1);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  await opened;
  const samples = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const version = i + 2;
    const done = published(version);
    const t0 = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [editFor(i)] });
    await done;
    if (i >= WARMUP) samples.push(performance.now() - t0);
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  return { samples, count };
}

console.log(`volint language server re-lint, ${lineCount}-line Dockerfile${values.file ? ` (${values.file})` : ' (synthetic)'}, ${WARMUP} warm-up runs, node ${process.version}, load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
const a = await inProcess();
console.log(`in process (lint + diagnostics, ${a.count} findings): ${stats(a.samples)}`);
// CPU time is what the work costs; wall time also counts waiting for a core on a busy machine.
console.log(`in process, CPU time: ${stats(a.cpu)}`);
const b = await overStdio();
console.log(`over stdio (didChange -> publishDiagnostics, ${b.count} findings): ${stats(b.samples)}`);
