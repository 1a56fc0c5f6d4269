/**
 * Worker thread: takes jobs (a list of paths and a shared counter) one at a time, claims batches
 * of paths until none are left, posting each batch's results as it goes, then says it is done.
 * It keeps its parser across jobs; each job has its own processor (options, header caches).
 */
import { parentPort } from 'node:worker_threads';
import { perform, processorFor, turnOfTheEventLoop, type Job, type WorkerMessage } from './parallel.js';

let queue = Promise.resolve();

parentPort!.on('message', (job: Job) => {
  queue = queue.then(() => runJob(job));
});

async function runJob({ id, opts, task, files, next, batch }: Job): Promise<void> {
  const proc = processorFor(opts);
  for (let from = Atomics.add(next, 0, batch); from < files.length; from = Atomics.add(next, 0, batch)) {
    const message: WorkerMessage = { job: id, from, results: files.slice(from, from + batch).map((p) => perform(proc, task, p)) };
    parentPort!.postMessage(message);
    // Between batches, so that the native parse trees of the last one are freed.
    await turnOfTheEventLoop();
  }
  parentPort!.postMessage({ job: id, done: true } satisfies WorkerMessage);
}
