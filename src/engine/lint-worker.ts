import { parentPort, workerData } from 'node:worker_threads';
import { rules as shippedRules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { lintOne } from './lint-many.js';
import type { WorkerOutcome, WorkerReply, WorkerRequest, WorkerSetup } from './parallel.js';

// Entry of a worker thread started by parallel.ts: lints the batches of files it is sent, in order.
const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('lint-worker.js runs as a worker thread of parallel.ts only.');
const rules = setup.ruleIds.map((id) => {
  const rule = shippedRules.find((r) => r.meta.id === id);
  // The main thread lints the files of a worker that fails to start, with the rules it was given.
  if (!rule) throw new Error(`lint-worker.js: rule ${id} is not a shipped rule.`);
  return rule;
});

// Each batch brings copies of the settings; one object per distinct config keeps the linter's per-config caches.
const configs = new Map<string, ResolvedConfig>();
function shared(config: ResolvedConfig): ResolvedConfig {
  const key = JSON.stringify(config);
  const kept = configs.get(key);
  if (kept) return kept;
  configs.set(key, config);
  return config;
}

port.on('message', (request: WorkerRequest) => {
  void (async () => {
    const linted: WorkerOutcome[] = [];
    for (const { file, config } of request.files) {
      const settings = shared(config);
      try {
        linted.push(await lintOne(file, { rules, configFor: () => settings }, setup.hash));
      } catch (error) {
        linted.push({ error: String(error) });
      }
    }
    port.postMessage({ batch: request.batch, linted } satisfies WorkerReply);
  })();
});
port.postMessage({ ready: true } satisfies WorkerReply);
