import { setImmediate } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import type { Linted } from './lint-many.js';

/** What a worker is started with. */
export interface WorkerSetup {
  /** Hash each file's bytes (for the cache). */
  hash: boolean;
  /** The rules to run, by id: a worker takes them from the shipped rules, and fails to start when one is not there. */
  ruleIds: readonly string[];
}

/**
 * Files to lint, each with its settings: the main thread has found every file's config already (the ignore check
 * needs it), so a worker never looks for config files again.
 */
export interface WorkerRequest {
  batch: number;
  files: { file: string; config: ResolvedConfig }[];
}

/** A file's result, or what the worker threw on it. */
export type WorkerOutcome = Linted | { error: string };

export type WorkerReply = { ready: true } | { batch: number; linted: WorkerOutcome[] };

/** Files per message: enough to keep messaging cheap, few enough that threads finish close together. */
const BATCH = 8;
/** Batches a worker holds at once, so that it never waits for the main thread (busy linting) to send the next. */
const IN_FLIGHT = 2;

interface Queue {
  files: readonly string[];
  /** Up to `count` indexes of files nobody has taken yet. */
  take(count: number): number[];
  /** Resolves when the main thread finds the queue empty. */
  drained: Promise<void>;
  out: Linted[];
  configFor(file: string): ResolvedConfig | Promise<ResolvedConfig>;
}

/**
 * Lints `files` on this thread and `threads - 1` worker threads (which lint with the shipped rules `setup` names), taking files
 * from one queue so that a thread that gets easy files takes more. A worker gets files only once it has loaded,
 * and is ended when the queue is empty; the files of a worker that fails, or throws, are linted here.
 */
export async function lintInParallel(
  files: readonly string[],
  threads: number,
  setup: WorkerSetup,
  lintHere: (file: string) => Promise<Linted>,
  configFor: Queue['configFor'],
): Promise<Linted[]> {
  let next = 0;
  let queueEmpty: () => void = () => undefined;
  const queue: Queue = {
    files,
    take(count) {
      const batch: number[] = [];
      while (batch.length < count && next < files.length) batch.push(next++);
      return batch;
    },
    drained: new Promise<void>((resolve) => (queueEmpty = resolve)),
    out: new Array<Linted>(files.length),
    configFor,
  };

  const mainThread = async (): Promise<void> => {
    for (let [i] = queue.take(1); i !== undefined; [i] = queue.take(1)) {
      queue.out[i] = await lintHere(files[i] ?? '');
      // Linting a file awaits only settled promises: without a turn of the event loop here, the workers' messages
      // (ready, results) would wait until this thread had linted every file itself.
      await setImmediate();
    }
    queueEmpty();
  };
  const worker = async (): Promise<void> => {
    const leftOver = await runWorker(queue, setup);
    for (const i of leftOver) queue.out[i] = await lintHere(files[i] ?? '');
  };
  await Promise.all([mainThread(), ...Array.from({ length: threads - 1 }, worker)]);
  return queue.out;
}

/** Runs one worker until the queue is empty; resolves with the indexes it took but did not lint. */
function runWorker(queue: Queue, setup: WorkerSetup): Promise<number[]> {
  return new Promise((resolve) => {
    const inFlight = new Map<number, number[]>();
    // Files the worker threw on: the main thread lints them again, and its outcome, exception or not, counts.
    const failed: number[] = [];
    let batches = 0;
    let finished = false;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: setup });
    } catch {
      // No thread to be had (a resource limit): the main thread lints everything.
      resolve([]);
      return;
    }

    const finish = (): void => {
      if (finished) return;
      finished = true;
      void worker.terminate();
      resolve([...failed, ...[...inFlight.values()].flat()]);
    };
    const send = async (): Promise<void> => {
      const indexes = queue.take(BATCH);
      if (indexes.length === 0) {
        if (inFlight.size === 0) finish();
        return;
      }
      const batch = batches++;
      inFlight.set(batch, indexes);
      try {
        const files = await Promise.all(indexes.map(async (i) => ({ file: queue.files[i] ?? '', config: await queue.configFor(queue.files[i] ?? '') })));
        if (!finished) worker.postMessage({ batch, files } satisfies WorkerRequest);
      } catch {
        // A config that cannot be read: the main thread lints these files and reports it as the CLI does.
        inFlight.delete(batch);
        failed.push(...indexes);
        if (inFlight.size === 0) finish();
      }
    };

    // The main thread emptied the queue before this worker was ready: it has nothing left to do.
    void queue.drained.then(() => {
      if (inFlight.size === 0) finish();
    });
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        for (let k = 0; k < IN_FLIGHT; k++) void send();
        return;
      }
      const indexes = inFlight.get(reply.batch) ?? [];
      inFlight.delete(reply.batch);
      reply.linted.forEach((done, k) => {
        const i = indexes[k];
        if (i === undefined) return;
        if ('error' in done) failed.push(i);
        else queue.out[i] = done;
      });
      void send();
    });
    // A worker that cannot start (as when the linter runs from its TypeScript sources), or dies, leaves its
    // files to the main thread.
    worker.on('error', finish);
    worker.on('exit', finish);
  });
}
