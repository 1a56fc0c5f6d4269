/**
 * `bpf-migrate lsp`: a Language Server Protocol server over stdio. Diagnostics for every
 * legacy construct in open C files (debounced, on the unsaved buffer), a quickfix per
 * migratable map and `source.fixAll.bpf-migrate` for the whole file, from the same engine
 * and rules as the CLI. stdout carries JSON-RPC only; logs go to the client.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createConnection, TextDocuments, TextDocumentSyncKind, CodeActionKind, StreamMessageWriter,
  type Connection, type Message, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rules as allRules, ruleById, selectRules } from '../../rules/index.js';
import type { Rule } from '../core/rule.js';
import { codeActions, emptyAnalysis, toDocumentAnalysis, FIX_ALL_KIND, type DocumentAnalysis } from './analysis.js';
import { InThreadAnalyser, WorkerAnalyser, type Analyser } from './host.js';
import { ResyncingMessageReader } from './framing.js';

export interface ServerOptions {
  /** Header search path from the command line (`bpf-migrate lsp -I dir`). */
  includeDirs?: string[];
  /** Rules to run (defaults to all); the CLI passes its --rule/--disable-rule selection. */
  rules?: Rule[];
  tailCallSection?: string;
  /** Delay between the last edit and the analysis, in milliseconds. */
  debounceMs?: number;
  /** Documents larger than this (in characters) get no analysis. */
  maxFileSize?: number;
  /** An analysis running longer than this is stopped (worker mode only). */
  analysisTimeoutMs?: number;
  /** The analysis worker's module; false analyses in this thread (default: the compiled worker.js beside this module, if there). */
  worker?: URL | false;
}

/** What a client may send as `initializationOptions`, and what `.bpf-migrate.json` in the workspace root may hold. */
interface ClientSettings {
  includeDirs?: unknown;
  tailCallSection?: unknown;
  disableRules?: unknown;
  rules?: unknown;
  debounceMs?: unknown;
}

const DEFAULT_DEBOUNCE_MS = 200;
const DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;
const C_LANGUAGES = new Set(['c', 'cpp', 'objc', 'objective-c', 'bpf']);
const C_EXTENSIONS = new Set(['.c', '.h']);

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function uriPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try { return fileURLToPath(uri); } catch { return undefined; }
}

/** Wires the server's handlers onto a connection. */
export function attachServer(connection: Connection, options: ServerOptions = {}): { dispose(): void } {
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, NodeJS.Timeout>();
  const cache = new Map<string, DocumentAnalysis>();
  const inflight = new Map<string, { version: number; promise: Promise<DocumentAnalysis> }>();
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let documentChanges = false;
  let roots: string[] = [];
  let includeDirs = [...(options.includeDirs ?? [])];
  let generation = 0;
  let rules = options.rules ?? allRules;
  let tailCallSection = options.tailCallSection;
  const workerUrl = options.worker === false ? undefined : options.worker ?? WorkerAnalyser.defaultUrl();
  const analyser: Analyser = workerUrl
    ? new WorkerAnalyser(workerUrl, options.analysisTimeoutMs ?? DEFAULT_TIMEOUT_MS)
    : new InThreadAnalyser(allRules);

  const log = {
    error: (m: string) => { try { connection.console.error(m); } catch { process.stderr.write(`${m}\n`); } },
    info: (m: string) => { try { connection.console.info(m); } catch { process.stderr.write(`${m}\n`); } },
  };

  function applySettings(settings: ClientSettings, base: string | undefined): void {
    const dirs = strings(settings.includeDirs).map((d) => (isAbsolute(d) || !base ? d : resolve(base, d)));
    if (dirs.length) includeDirs = [...new Set([...includeDirs, ...dirs])];
    if (typeof settings.tailCallSection === 'string') tailCallSection = settings.tailCallSection;
    if (typeof settings.debounceMs === 'number' && settings.debounceMs >= 0) debounceMs = settings.debounceMs;
    const only = strings(settings.rules);
    const disabled = strings(settings.disableRules);
    if (only.length || disabled.length) {
      const chosen = selectRules(only.filter((id) => ruleById(id)), disabled);
      for (const id of [...only, ...disabled]) if (!ruleById(id)) log.error(`bpf-migrate: unknown rule '${id}' in the settings; ignored`);
      // Without a rule list, the settings disable rules of the set the server was started with.
      rules = only.some((id) => ruleById(id)) ? chosen.rules : rules.filter((r) => !disabled.includes(r.meta.id));
    }
  }

  function isCFile(doc: TextDocument): boolean {
    return C_LANGUAGES.has(doc.languageId) || C_EXTENSIONS.has(extname(uriPath(doc.uri) ?? doc.uri).toLowerCase());
  }

  function overlays(except: string): [string, string][] {
    const out: [string, string][] = [];
    for (const d of documents.all()) {
      const p = uriPath(d.uri);
      if (p && d.uri !== except && /\.h$/i.test(p)) out.push([p, d.getText()]);
    }
    return out;
  }

  async function compute(doc: TextDocument): Promise<DocumentAnalysis> {
    const path = uriPath(doc.uri);
    const text = doc.getText();
    if (text.length > maxSize) {
      log.info(`bpf-migrate: ${path ?? doc.uri} is larger than ${maxSize} characters; not analysed`);
      return emptyAnalysis(doc);
    }
    const outcome = await analyser.run({
      text, path, includeDirs, ruleIds: rules.map((r) => r.meta.id), tailCallSection, overlays: overlays(doc.uri), generation,
    });
    if (!outcome.ok) {
      log.error(`bpf-migrate: cannot analyse ${path ?? doc.uri}: ${outcome.reason}`);
      return emptyAnalysis(doc);
    }
    try {
      return toDocumentAnalysis(doc, outcome.result);
    } catch (e) {
      log.error(`bpf-migrate: cannot analyse ${path ?? doc.uri}: ${(e as Error).stack ?? e}`);
      return emptyAnalysis(doc);
    }
  }

  /** The analysis of the document's current version (computed now if the debounced one has not run yet). */
  function analysisOf(doc: TextDocument): Promise<DocumentAnalysis> | undefined {
    if (!isCFile(doc)) return undefined;
    const cached = cache.get(doc.uri);
    if (cached && cached.version === doc.version) return Promise.resolve(cached);
    const running = inflight.get(doc.uri);
    if (running && running.version === doc.version) return running.promise;
    const promise = compute(doc).then((a) => {
      if (inflight.get(doc.uri)?.promise === promise) inflight.delete(doc.uri);
      if (documents.get(doc.uri)) cache.set(doc.uri, a);
      return a;
    });
    inflight.set(doc.uri, { version: doc.version, promise });
    return promise;
  }

  async function publish(uri: string): Promise<void> {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const a = await analysisOf(doc);
    // Only the latest version's diagnostics are worth showing; a newer one is scheduled already.
    if (!a || documents.get(uri)?.version !== a.version) return;
    await connection.sendDiagnostics({ uri, version: a.version, diagnostics: a.diagnostics });
  }

  function schedule(uri: string, delay: number): void {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.set(uri, setTimeout(() => { publish(uri).catch((e: unknown) => log.error(`bpf-migrate: ${(e as Error)?.stack ?? e}`)); }, delay));
  }

  function reanalyseAll(): void {
    cache.clear();
    for (const d of documents.all()) schedule(d.uri, debounceMs);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    documentChanges = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    roots = (params.workspaceFolders ?? []).map((f) => uriPath(f.uri)).filter((p): p is string => !!p);
    const rootPath = params.rootUri ? uriPath(params.rootUri) : params.rootPath ?? undefined;
    if (rootPath && !roots.includes(rootPath)) roots.unshift(rootPath);
    for (const root of roots) {
      const file = resolve(root, '.bpf-migrate.json');
      if (!existsSync(file)) continue;
      try {
        applySettings(JSON.parse(readFileSync(file, 'utf8')) as ClientSettings, root);
      } catch (e) {
        log.error(`bpf-migrate: cannot read ${file}: ${(e as Error).message}`);
      }
    }
    const init = params.initializationOptions as ClientSettings | undefined;
    if (init && typeof init === 'object') applySettings(init, roots[0] ?? process.cwd());
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'bpf-migrate', version: '0.1.0' },
    };
  });

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => {
    const path = uriPath(e.document.uri);
    if (path && /\.h$/i.test(path)) { reanalyseAll(); return; }
    schedule(e.document.uri, debounceMs);
  });
  documents.onDidSave((e) => {
    // A saved file may be a header another document includes: read headers from disk again.
    generation++;
    if (/\.h$/i.test(uriPath(e.document.uri) ?? '')) reanalyseAll();
  });
  documents.onDidClose((e) => {
    const t = timers.get(e.document.uri);
    if (t) clearTimeout(t);
    timers.delete(e.document.uri);
    cache.delete(e.document.uri);
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
    // A closed header's buffer no longer overrides the file on disk.
    if (/\.h$/i.test(uriPath(e.document.uri) ?? '')) reanalyseAll();
  });
  connection.onDidChangeWatchedFiles(() => { generation++; reanalyseAll(); });

  connection.onCodeAction(async (params) => {
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const doc = documents.get(params.textDocument.uri);
        if (!doc) return [];
        const a = await analysisOf(doc);
        if (!a) return [];
        // Edits must be computed on the text the client has now.
        if (documents.get(doc.uri)?.version !== a.version) continue;
        return codeActions(doc, a, params.range, params.context.only, documentChanges);
      }
      return [];
    } catch (e) {
      log.error(`bpf-migrate: code actions failed for ${params.textDocument.uri}: ${(e as Error).stack ?? e}`);
      return [];
    }
  });

  const dispose = () => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    analyser.dispose();
  };
  connection.onShutdown(dispose);

  documents.listen(connection);
  return { dispose };
}

/** Sends everything written through console.* to the client's log, so stdout stays JSON-RPC only. */
function redirectConsole(connection: Connection): void {
  const fmt = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : String((a as Error)?.stack ?? JSON.stringify(a)))).join(' ');
  console.log = (...a: unknown[]) => connection.console.log(fmt(a));
  console.info = (...a: unknown[]) => connection.console.info(fmt(a));
  console.debug = (...a: unknown[]) => connection.console.log(fmt(a));
  console.warn = (...a: unknown[]) => connection.console.warn(fmt(a));
  console.error = (...a: unknown[]) => connection.console.error(fmt(a));
}

/** Runs the server on stdio until the client exits (the connection ends the process on `exit` or when stdin closes). */
export async function startLanguageServer(options: ServerOptions = {}): Promise<void> {
  const writer = new StreamMessageWriter(process.stdout);
  let log = (m: string) => { process.stderr.write(`${m}\n`); };
  // A client's framing errors and malformed messages are logged and answered, and the server reads on.
  const reader = new ResyncingMessageReader(process.stdin, { reply: (m) => { void writer.write(m as Message); }, log: (m) => log(m) });
  const connection = createConnection(reader, writer);
  // Given a reader rather than stdin, vscode-languageserver no longer exits when the client goes away: do it here, as it did.
  reader.onClose(() => process.exit(reader.shutdownRequested ? 0 : 1));
  log = (m) => { try { connection.console.error(m); } catch { process.stderr.write(`${m}\n`); } };
  redirectConsole(connection);
  const report = (what: string) => (e: unknown) => {
    try { connection.console.error(`bpf-migrate: ${what}: ${(e as Error)?.stack ?? e}`); } catch { process.stderr.write(`bpf-migrate: ${what}: ${String(e)}\n`); }
  };
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled rejection'));
  attachServer(connection, options);
  connection.listen();
  await new Promise<never>(() => undefined);
}
