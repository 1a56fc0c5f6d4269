/** Worker thread: migrates the batches of paths the main thread sends, with its own header cache. */
import { parentPort, workerData } from 'node:worker_threads';
import { processorFor, type ParallelProcessOptions } from './parallel.js';

const proc = processorFor(workerData as ParallelProcessOptions);
parentPort!.on('message', (msg: { from: number; paths: string[] }) => {
  parentPort!.postMessage({ from: msg.from, results: msg.paths.map((p) => proc.processPath(p)) });
});
