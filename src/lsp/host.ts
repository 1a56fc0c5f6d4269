/**
 * Where analyses run: in a worker process with a time-out (the default when the compiled
 * worker is there), or in this thread (tests running from sources). Both keep a header
 * cache and read open header buffers instead of the files on disk.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fork, type ChildProcess } from 'node:child_process';
import { HeaderCache, type ResolvedSource, type SourceProvider } from '../core/headers.js';
import type { Rule } from '../core/rule.js';
import { FsIncludeProvider } from '../fs/include-provider.js';
import { runEngine, type EngineResult, type EngineSetup } from './analysis.js';

export interface AnalysisRequest {
  id: number;
  text: string;
  path?: string;
  includeDirs: string[];
  ruleIds: string[];
  tailCallSection?: string;
  /** Open header buffers, by path: their text wins over the file on disk. */
  overlays: [string, string][];
  /** Read headers from disk again (a file was saved or changed). */
  generation: number;
}

class OverlayProvider implements SourceProvider {
  overlays = new Map<string, string>();
  constructor(readonly fs: FsIncludeProvider) {}
  resolveInclude(spec: string, angled: boolean, fromPath: string | undefined): ResolvedSource | undefined {
    const r = this.fs.resolveInclude(spec, angled, fromPath);
    if (!r) return undefined;
    const text = this.overlays.get(r.path);
    return text === undefined ? r : { path: r.path, text };
  }
}

/** The engine's state kept between analyses: the include provider and the header cache. */
export class EngineHost {
  private provider = new OverlayProvider(new FsIncludeProvider([]));
  /** Keyed by header text too: an edited header buffer is read again (see HeaderCache.get). */
  private readonly headerCache = new HeaderCache();
  private key = '';

  constructor(private readonly all: Rule[]) {}

  setup(req: AnalysisRequest): EngineSetup {
    const key = `${req.generation}\0${req.includeDirs.join('\0')}`;
    if (key !== this.key) { this.provider = new OverlayProvider(new FsIncludeProvider(req.includeDirs)); this.key = key; }
    this.provider.overlays = new Map(req.overlays);
    const rules = this.all.filter((r) => req.ruleIds.includes(r.meta.id));
    return { rules, provider: this.provider, headerCache: this.headerCache, tailCallSection: req.tailCallSection };
  }
}

export type AnalysisOutcome = { ok: true; result: EngineResult } | { ok: false; reason: string };

export interface Analyser {
  run(req: Omit<AnalysisRequest, 'id'>): Promise<AnalysisOutcome>;
  dispose(): void;
}

export class InThreadAnalyser implements Analyser {
  private readonly host: EngineHost;
  private id = 0;
  constructor(all: Rule[]) { this.host = new EngineHost(all); }
  async run(req: Omit<AnalysisRequest, 'id'>): Promise<AnalysisOutcome> {
    const full = { ...req, id: ++this.id };
    try {
      return { ok: true, result: runEngine(full.text, full.path, this.host.setup(full)) };
    } catch (e) {
      return { ok: false, reason: (e as Error).stack ?? String(e) };
    }
  }
  dispose(): void { /* nothing */ }
}

/** One worker process, one analysis at a time; a worker that overruns the time limit is killed and replaced. */
export class WorkerAnalyser implements Analyser {
  private worker?: ChildProcess;
  private id = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private pending?: { id: number; worker: ChildProcess; resolve: (o: AnalysisOutcome) => void; timer: NodeJS.Timeout };

  constructor(private readonly url: URL, private readonly timeoutMs: number) {}

  static defaultUrl(): URL | undefined {
    const url = new URL('./worker.js', import.meta.url);
    return existsSync(fileURLToPath(url)) ? url : undefined;
  }

  private spawn(): ChildProcess {
    // Nothing the worker prints may reach stdout, which carries JSON-RPC: its stdout goes to stderr.
    const w = fork(fileURLToPath(this.url), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], serialization: 'advanced' });
    w.stdout?.on('data', (d: Buffer) => process.stderr.write(d));
    w.on('message', (m: { id: number; result?: EngineResult; error?: string }) => {
      const p = this.pending;
      if (!p || p.id !== m.id || p.worker !== w) return;
      clearTimeout(p.timer);
      this.pending = undefined;
      p.resolve(m.result ? { ok: true, result: m.result } : { ok: false, reason: m.error ?? 'unknown error' });
    });
    const fail = (reason: string) => {
      if (this.worker === w) this.worker = undefined;
      const p = this.pending;
      // A worker ended after a time-out must not answer for its successor's request.
      if (!p || p.worker !== w) return;
      clearTimeout(p.timer);
      this.pending = undefined;
      p.resolve({ ok: false, reason });
    };
    w.on('error', (e) => fail(`the analysis worker failed: ${e.stack ?? e}`));
    w.on('exit', (code, signal) => fail(`the analysis worker exited (${signal ?? code})`));
    return w;
  }

  run(req: Omit<AnalysisRequest, 'id'>): Promise<AnalysisOutcome> {
    const next = this.chain.then(() => this.runNow(req));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private runNow(req: Omit<AnalysisRequest, 'id'>): Promise<AnalysisOutcome> {
    return new Promise((resolve) => {
      const id = ++this.id;
      this.worker ??= this.spawn();
      const w = this.worker;
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.worker = undefined;
        w.kill('SIGKILL');
        resolve({ ok: false, reason: `analysis took longer than ${this.timeoutMs} ms and was stopped` });
      }, this.timeoutMs);
      this.pending = { id, worker: w, resolve, timer };
      w.send({ ...req, id });
    });
  }

  dispose(): void {
    if (this.pending) { clearTimeout(this.pending.timer); this.pending.resolve({ ok: false, reason: 'server stopped' }); this.pending = undefined; }
    this.worker?.kill('SIGKILL');
    this.worker = undefined;
  }
}
