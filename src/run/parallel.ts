/**
 * Spreads files over worker threads (the core count by default) with dynamic batching, and
 * returns results in input order. Small runs stay on the main thread: a worker costs more
 * to start than a few files cost to migrate.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { rules as allRules } from '../../rules/index.js';
import { FileProcessor, type FileResult, type ProcessOptions } from './process-file.js';
import { BuildContext } from '../build/build-context.js';

export interface ParallelProcessOptions extends Omit<ProcessOptions, 'rules'> {
  ruleIds: string[];
  /**
   * The command these runs belong to: its runs (the tree pre-pass, the files, the headers after
   * them) share each thread's build context, so a header is read and summarised once per thread.
   */
  session?: string;
}

export interface ParallelOptions<R = FileResult> {
  jobs?: number;
  /** Threads already started (by the caller, for several runs): each run would otherwise start its own. */
  pool?: WorkerPool;
  progress?: (done: number, total: number, filesPerSecond: number) => void;
  /**
   * Receives each result as it is ready (in any order), instead of the returned array (then
   * empty): a caller that prints and drops results keeps memory bounded on large trees.
   */
  onResult?: (index: number, result: R) => void;
}

export const MIN_FILES_PER_WORKER = 48;
const BATCH = 8;

/**
 * One job for the threads: the whole list, split into one queue per thread (file indices), and a
 * shared counter per queue that threads claim batches from: its own queue first, then the others'.
 */
export interface Job {
  id: number;
  opts: ParallelProcessOptions;
  task: Task;
  files: string[];
  queues: number[][];
  claimed: Int32Array;
  batch: number;
}

export type WorkerMessage = { job: number; indices: number[]; results: unknown[] } | { job: number; done: true };

/**
 * The thread a file goes to first, by its directory: the tree pre-pass and the run over the files
 * give a file to the same thread, which keeps the model the pre-pass built (BuildContext.keepModel),
 * and the files of one directory, which mostly include the same headers, to one thread, which reads
 * and summarises those headers once. Threads that run out of their own files take the others'.
 */
export function homeThread(path: string, threads: number): number {
  const dirEnd = path.lastIndexOf('/');
  let h = 0x811c9dc5;
  for (let i = 0; i < dirEnd; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return (h >>> 0) % threads;
}

/** The next batch for thread `self`: from its own queue, else from the first other queue with files left. */
export function claimBatch(job: Pick<Job, 'queues' | 'claimed' | 'batch'>, self: number): number[] | undefined {
  const n = job.queues.length;
  for (let k = 0; k < n; k++) {
    const q = (self + k) % n;
    const queue = job.queues[q];
    if (Atomics.load(job.claimed, q) >= queue.length) continue;
    const from = Atomics.add(job.claimed, q, job.batch);
    if (from < queue.length) return queue.slice(from, from + job.batch);
  }
  return undefined;
}

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

/** The build contexts of the command this thread last worked for, by build options. */
let session: { id: string; contexts: Map<string, BuildContext> } | undefined;

export function processorFor(opts: ParallelProcessOptions): FileProcessor {
  const processOptions = { ...opts, rules: allRules.filter((r) => opts.ruleIds.includes(r.meta.id)) };
  if (opts.session === undefined) return new FileProcessor(processOptions);
  if (session?.id !== opts.session) session = { id: opts.session, contexts: new Map() };
  const key = JSON.stringify([opts.includeDirs, opts.headerRoots ?? [], opts.compileCommands ?? '', opts.defines ?? []]);
  let context = session.contexts.get(key);
  if (!context) session.contexts.set(key, (context = new BuildContext(opts)));
  return new FileProcessor(processOptions, context);
}

export async function runParallel(files: string[], opts: ParallelProcessOptions, par: ParallelOptions = {}): Promise<FileResult[]> {
  return runTask(files, opts, 'process', par);
}

/** The tree pre-pass, spread over the same threads: each object's facts, in input order (null where it shares nothing). */
export async function collectObjectFactsParallel(files: string[], opts: ParallelProcessOptions, jobs?: number, pool?: WorkerPool): Promise<ObjectFactsResult[]> {
  return runTask<ObjectFactsResult>(files, opts, 'facts', { jobs, pool });
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * Worker threads kept for the runs of one command (the tree pre-pass, then the files): each
 * thread loads the parser once. The main thread works too, so N jobs need N - 1 workers.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly listeners = new Map<number, { message: (msg: WorkerMessage) => void; error: (e: Error) => void }>();
  private jobs = 0;

  constructor(size: number) {
    // Thread 0 is the main thread.
    this.workers = Array.from({ length: size }, (_, i) => {
      const w = new Worker(WORKER_URL, { workerData: { thread: i + 1 } });
      w.on('message', (msg: WorkerMessage) => this.listeners.get(msg.job)?.message(msg));
      w.on('error', (e: Error) => { for (const l of this.listeners.values()) l.error(e); });
      return w;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Hands a job to every worker; `onResults` receives each batch; resolves once every worker is done with it. */
  run(job: Omit<Job, 'id'>, onResults: (indices: number[], results: unknown[]) => void): Promise<void> {
    const id = ++this.jobs;
    return new Promise<void>((resolve, reject) => {
      let left = this.workers.length;
      this.listeners.set(id, {
        message: (msg) => {
          if ('done' in msg) {
            if (--left === 0) { this.listeners.delete(id); resolve(); }
            return;
          }
          onResults(msg.indices, msg.results);
        },
        error: (e) => { this.listeners.delete(id); reject(e); },
      });
      for (const w of this.workers) w.postMessage({ ...job, id } satisfies Job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
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
  // Each thread takes its own files (by path) first, then helps the others: a thread claims
  // batches itself, without waiting for the main thread (busy with its own batch) to send them.
  const queues: number[][] = Array.from({ length: jobs }, () => []);
  files.forEach((f, i) => queues[homeThread(f, jobs)].push(i));
  const claimed = new Int32Array(new SharedArrayBuffer(4 * jobs));
  let done = 0;
  const pool = par.pool ?? new WorkerPool(jobs - 1);
  const workers = pool.run({ opts, task, files, queues, claimed, batch: BATCH }, (indices, rs) => {
    rs.forEach((r, i) => store(indices[i], r as R));
    done += rs.length;
    tick(done);
  });
  const proc = processorFor(opts);
  const local = (async () => {
    for (let batch = claimBatch({ queues, claimed, batch: BATCH }, 0); batch; batch = claimBatch({ queues, claimed, batch: BATCH }, 0)) {
      for (const i of batch) store(i, run(proc, files[i]));
      done += batch.length;
      tick(done);
      // Let worker messages in between batches.
      await turnOfTheEventLoop();
    }
  })();
  try {
    await Promise.all([workers, local]);
  } finally {
    if (!par.pool) await pool.close();
  }
  return results;
}
