/**
 * Worker thread: claims batches of paths from the shared counter until none are left, posting
 * each batch's results as it goes; it has its own parser and header cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { perform, processorFor, turnOfTheEventLoop, type WorkerData, type WorkerMessage } from './parallel.js';

const { opts, task, files, next, batch } = workerData as WorkerData;
const proc = processorFor(opts);
for (let from = Atomics.add(next, 0, batch); from < files.length; from = Atomics.add(next, 0, batch)) {
  const message: WorkerMessage = { from, results: files.slice(from, from + batch).map((p) => perform(proc, task, p)) };
  parentPort!.postMessage(message);
  // Between batches, so that the native parse trees of the last one are freed.
  await turnOfTheEventLoop();
}
parentPort!.postMessage({ done: true } satisfies WorkerMessage);
