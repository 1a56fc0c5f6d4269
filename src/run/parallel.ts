/**
 * Spreads files over worker threads (the core count by default) with dynamic batching, and
 * returns results in input order. Small runs stay on the main thread: a worker costs more
 * to start than a few files cost to migrate.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { rules as allRules } from '../../rules/index.js';
import { FileProcessor, type FileResult, type ProcessOptions } from './process-file.js';

export interface ParallelProcessOptions extends Omit<ProcessOptions, 'rules'> {
  ruleIds: string[];
}

export interface ParallelOptions<R = FileResult> {
  jobs?: number;
  progress?: (done: number, total: number, filesPerSecond: number) => void;
  /**
   * Receives each result as it is ready (in any order), instead of the returned array (then
   * empty): a caller that prints and drops results keeps memory bounded on large trees.
   */
  onResult?: (index: number, result: R) => void;
}

const MIN_FILES_PER_WORKER = 48;
const BATCH = 8;

/** What a worker starts with: the whole list, and the counter all threads claim batches from. */
export interface WorkerData {
  opts: ParallelProcessOptions;
  task: Task;
  files: string[];
  next: Int32Array;
  batch: number;
}

export type WorkerMessage = { from: number; results: unknown[] } | { done: true };

/** What is done to each file: migrate it, or (the tree pre-pass) collect what its object shares. */
export type Task = 'process' | 'facts';

export type ObjectFactsResult = ReturnType<FileProcessor['objectFacts']> | null;

export function perform(proc: FileProcessor, task: Task, path: string): FileResult | ObjectFactsResult {
  return task === 'facts' ? proc.objectFacts(path) ?? null : proc.processPath(path);
}

/**
 * Lets the event loop run. Besides messages, that is when N-API finalizers run: tree-sitter's
 * native trees are freed only then, so a loop that never yields grows without bound.
 */
export function turnOfTheEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function processorFor(opts: ParallelProcessOptions): FileProcessor {
  return new FileProcessor({ ...opts, rules: allRules.filter((r) => opts.ruleIds.includes(r.meta.id)) });
}

export async function runParallel(files: string[], opts: ParallelProcessOptions, par: ParallelOptions = {}): Promise<FileResult[]> {
  return runTask(files, opts, 'process', par);
}

/** The tree pre-pass, spread over the same threads: each object's facts, in input order (null where it shares nothing). */
export async function collectObjectFactsParallel(files: string[], opts: ParallelProcessOptions, jobs?: number): Promise<ObjectFactsResult[]> {
  return runTask<ObjectFactsResult>(files, opts, 'facts', { jobs });
}

async function runTask<R>(files: string[], opts: ParallelProcessOptions, task: Task, par: ParallelOptions<R> = {}): Promise<R[]> {
  const jobs = Math.max(1, Math.min(par.jobs ?? availableParallelism(), Math.floor(files.length / MIN_FILES_PER_WORKER) || 1));
  const started = Date.now();
  let lastTick = 0;
  const tick = (done: number) => {
    if (!par.progress) return;
    const now = Date.now();
    if (now - lastTick < 100 && done < files.length) return;
    lastTick = now;
    par.progress(done, files.length, done / Math.max(0.001, (now - started) / 1000));
  };
  const results: R[] = [];
  const store = par.onResult ?? ((i: number, r: R) => { results[i] = r; });
  const run = (proc: FileProcessor, path: string) => perform(proc, task, path) as R;
  if (jobs <= 1) {
    const proc = processorFor(opts);
    for (let i = 0; i < files.length; i++) {
      store(i, run(proc, files[i]));
      tick(i + 1);
      if ((i + 1) % BATCH === 0) await turnOfTheEventLoop();
    }
    return results;
  }
  // One shared counter hands out batches: a thread that finishes one claims the next itself,
  // without waiting for the main thread (busy with its own batch) to send it.
  const next = new Int32Array(new SharedArrayBuffer(4));
  let done = 0;
  const take = (): [number, string[]] | undefined => {
    const from = Atomics.add(next, 0, BATCH);
    return from < files.length ? [from, files.slice(from, Math.min(files.length, from + BATCH))] : undefined;
  };
  const workerUrl = new URL('./worker.js', import.meta.url);
  // The main thread works too (it would only wait otherwise): jobs - 1 workers, each with its
  // own parser and header cache, so N jobs cost N - 1 start-ups.
  const workers = Array.from({ length: jobs - 1 }, () => new Promise<void>((resolve, reject) => {
    const data: WorkerData = { opts, task, files, next, batch: BATCH };
    const worker = new Worker(workerUrl, { workerData: data });
    worker.on('message', (msg: WorkerMessage) => {
      if ('done' in msg) { void worker.terminate(); resolve(); return; }
      msg.results.forEach((r, i) => store(msg.from + i, r as R));
      done += msg.results.length;
      tick(done);
    });
    worker.on('error', reject);
  }));
  const proc = processorFor(opts);
  const local = (async () => {
    for (let batch = take(); batch; batch = take()) {
      batch[1].forEach((p, i) => store(batch![0] + i, run(proc, p)));
      done += batch[1].length;
      tick(done);
      // Let worker messages in between batches.
      await turnOfTheEventLoop();
    }
  })();
  await Promise.all([...workers, local]);
  return results;
}
