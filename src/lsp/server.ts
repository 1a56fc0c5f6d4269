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
  createConnection, TextDocuments, TextDocumentSyncKind, CodeActionKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rules as allRules } from '../../rules/index.js';
import { withRequirements } from '../core/engine.js';
import { HeaderCache, type HeaderSummary, type ResolvedSource, type SourceProvider } from '../core/headers.js';
import type { Rule } from '../core/rule.js';
import { FsIncludeProvider } from '../fs/include-provider.js';
import { analyseDocument, codeActions, FIX_ALL_KIND, type DocumentAnalysis, type EngineSetup } from './analysis.js';

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

/** Header summaries keyed by path and text, so an edited header (open buffer or saved file) is read again. */
class TextKeyedHeaderCache extends HeaderCache {
  private readonly byPath = new Map<string, { text: string; summary: HeaderSummary }>();

  override get(source: ResolvedSource): HeaderSummary {
    const hit = this.byPath.get(source.path);
    if (hit && hit.text === source.text) return hit.summary;
    const summary = new HeaderCache().get(source);
    this.byPath.set(source.path, { text: source.text, summary });
    return summary;
  }
}

/** Resolves headers on disk, but takes the text of headers open in the editor from their buffers. */
class OverlayProvider implements SourceProvider {
  fs: FsIncludeProvider;
  constructor(private includeDirs: string[], private readonly open: (path: string) => string | undefined) {
    this.fs = new FsIncludeProvider(includeDirs);
  }
  setIncludeDirs(dirs: string[]): void { this.includeDirs = dirs; this.refresh(); }
  /** Forgets what was read from disk (after a save or a change on disk). */
  refresh(): void { this.fs = new FsIncludeProvider(this.includeDirs); }
  resolveInclude(spec: string, angled: boolean, fromPath: string | undefined): ResolvedSource | undefined {
    const r = this.fs.resolveInclude(spec, angled, fromPath);
    if (!r) return undefined;
    const text = this.open(r.path);
    return text === undefined ? r : { path: r.path, text };
  }
}

/** Wires the server's handlers onto a connection. Returns a function that cancels pending work. */
export function attachServer(connection: Connection, options: ServerOptions = {}): { dispose(): void } {
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, NodeJS.Timeout>();
  const cache = new Map<string, DocumentAnalysis>();
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let documentChanges = false;
  let roots: string[] = [];

  const openByPath = (path: string): string | undefined => {
    for (const d of documents.all()) if (uriPath(d.uri) === path) return d.getText();
    return undefined;
  };
  const provider = new OverlayProvider(options.includeDirs ?? [], openByPath);
  const setup: EngineSetup = { rules: options.rules ?? allRules, provider, headerCache: new TextKeyedHeaderCache(), tailCallSection: options.tailCallSection };

  const log = {
    error: (m: string) => { try { connection.console.error(m); } catch { process.stderr.write(`${m}\n`); } },
    info: (m: string) => { try { connection.console.info(m); } catch { process.stderr.write(`${m}\n`); } },
  };

  function applySettings(settings: ClientSettings, base: string | undefined): void {
    const dirs = strings(settings.includeDirs).map((d) => (isAbsolute(d) || !base ? d : resolve(base, d)));
    if (dirs.length) provider.setIncludeDirs([...new Set([...(options.includeDirs ?? []), ...dirs])]);
    if (typeof settings.tailCallSection === 'string') setup.tailCallSection = settings.tailCallSection;
    if (typeof settings.debounceMs === 'number' && settings.debounceMs >= 0) debounceMs = settings.debounceMs;
    const only = strings(settings.rules);
    const disabled = strings(settings.disableRules);
    if (only.length || disabled.length) {
      for (const id of [...only, ...disabled]) if (!allRules.some((r) => r.meta.id === id)) log.error(`bpf-migrate: unknown rule '${id}' in the settings; ignored`);
      let selected = only.length ? allRules.filter((r) => only.includes(r.meta.id)) : (options.rules ?? allRules);
      selected = withRequirements(selected, allRules);
      setup.rules = selected.filter((r) => !disabled.includes(r.meta.id));
    }
  }

  function isCFile(doc: TextDocument): boolean {
    return C_LANGUAGES.has(doc.languageId) || C_EXTENSIONS.has(extname(uriPath(doc.uri) ?? doc.uri).toLowerCase());
  }

  /** The analysis of the document's current version, computed now if the debounced one has not run yet. */
  function analysisOf(doc: TextDocument): DocumentAnalysis | undefined {
    const cached = cache.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    if (!isCFile(doc)) return undefined;
    const path = uriPath(doc.uri);
    if (doc.getText().length > maxSize) {
      log.info(`bpf-migrate: ${path ?? doc.uri} is larger than ${maxSize} characters; not analysed`);
      const empty: DocumentAnalysis = { uri: doc.uri, version: doc.version, text: '', diagnostics: [], fixes: new Map(), fixAll: [], reported: [] };
      cache.set(doc.uri, empty);
      return empty;
    }
    try {
      const a = analyseDocument(doc, path, setup);
      cache.set(doc.uri, a);
      return a;
    } catch (e) {
      log.error(`bpf-migrate: cannot analyse ${path ?? doc.uri}: ${(e as Error).stack ?? e}`);
      const empty: DocumentAnalysis = { uri: doc.uri, version: doc.version, text: '', diagnostics: [], fixes: new Map(), fixAll: [], reported: [] };
      cache.set(doc.uri, empty);
      return empty;
    }
  }

  function publish(uri: string): void {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const a = analysisOf(doc);
    if (!a) return;
    connection.sendDiagnostics({ uri, version: doc.version, diagnostics: a.diagnostics }).catch((e: unknown) => log.error(`bpf-migrate: ${String(e)}`));
  }

  function schedule(uri: string, delay: number): void {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.set(uri, setTimeout(() => publish(uri), delay));
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
    provider.refresh();
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
  connection.onDidChangeWatchedFiles(() => { provider.refresh(); reanalyseAll(); });

  connection.onCodeAction((params) => {
    try {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const a = analysisOf(doc);
      if (!a) return [];
      return codeActions(doc, a, params.range, params.context.only, documentChanges);
    } catch (e) {
      log.error(`bpf-migrate: code actions failed for ${params.textDocument.uri}: ${(e as Error).stack ?? e}`);
      return [];
    }
  });

  connection.onShutdown(() => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  documents.listen(connection);
  return {
    dispose() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
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
  const connection = createConnection(process.stdin, process.stdout);
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
