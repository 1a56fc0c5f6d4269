/**
 * Worker thread: takes jobs (a list of paths, queues of them and their shared counters) one at a
 * time, claims batches (its own queue first) until none are left, posting each batch's results as
 * it goes, then says it is done.
 * It keeps its parser across jobs; each job has its own processor (options, header caches).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { claimBatch, perform, processorFor, turnOfTheEventLoop, type Job, type WorkerMessage } from './parallel.js';

/** This thread's number in its pool (the main thread is 0): the queue it takes from first. */
const thread = (workerData as { thread: number }).thread;

let queue = Promise.resolve();

parentPort!.on('message', (job: Job) => {
  queue = queue.then(() => runJob(job));
});

async function runJob(job: Job): Promise<void> {
  const proc = processorFor(job.opts);
  for (let batch = claimBatch(job, thread); batch; batch = claimBatch(job, thread)) {
    const message: WorkerMessage = { job: job.id, indices: batch, results: batch.map((i) => perform(proc, job.task, job.files[i])) };
    parentPort!.postMessage(message);
    // Between batches, so that the native parse trees of the last one are freed.
    await turnOfTheEventLoop();
  }
  parentPort!.postMessage({ job: job.id, done: true } satisfies WorkerMessage);
}
