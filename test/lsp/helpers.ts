/** An in-process client and server joined by a real JSON-RPC connection over stream pairs. */
import { PassThrough } from 'node:stream';
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification, PublishDiagnosticsNotification, CodeActionRequest, ShutdownRequest, LogMessageNotification,
  type ProtocolConnection, type PublishDiagnosticsParams, type InitializeResult, type CodeAction, type Range,
  type TextDocumentContentChangeEvent, type WorkspaceEdit, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { attachServer, type ServerOptions } from '../../src/lsp/server.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(REPO, 'test/lsp/fixtures');
export const CORPUS_INCLUDE = join(REPO, 'corpus/include');

export interface TestClient {
  conn: ProtocolConnection;
  init: InitializeResult;
  logs: { type: number; message: string }[];
  /** Every publishDiagnostics notification received, in order. */
  published: PublishDiagnosticsParams[];
  open(uri: string, text: string, languageId?: string): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  close(uri: string): void;
  /** Resolves with the next diagnostics for `uri` matching `pred`. */
  diagnostics(uri: string, pred?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  codeActions(uri: string, range: Range, only?: string[]): Promise<CodeAction[]>;
  dispose(): Promise<void>;
}

export async function startClient(opts: { server?: ServerOptions; initializationOptions?: unknown; rootUri?: string | null; documentChanges?: boolean } = {}): Promise<TestClient> {
  const up = new PassThrough();
  const down = new PassThrough();
  const serverConn = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  const server = attachServer(serverConn, { debounceMs: 50, ...opts.server });
  serverConn.listen();

  const conn = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const logs: { type: number; message: string }[] = [];
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  conn.onNotification(LogMessageNotification.type, (m) => { logs.push(m); });
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(p); }
    }
  });
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: opts.rootUri === undefined ? pathToFileURL(REPO).href : opts.rootUri,
    capabilities: { workspace: { workspaceEdit: { documentChanges: opts.documentChanges ?? false } } },
    initializationOptions: opts.initializationOptions ?? { includeDirs: [CORPUS_INCLUDE] },
    workspaceFolders: null,
  });
  await conn.sendNotification(InitializedNotification.type, {});

  return {
    conn, init, logs, published,
    open: (uri, text, languageId = 'c') => { void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } }); },
    change: (uri, version, contentChanges) => { void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges }); },
    close: (uri) => { void conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } }); },
    diagnostics: (uri, pred = () => true, timeoutMs = 15000) => new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; logs: ${JSON.stringify(logs)}`)), timeoutMs);
      waiters.push({ uri, pred, resolve: (p) => { clearTimeout(timer); res(p); } });
    }),
    codeActions: async (uri, range, only) => (await conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) },
    })) as CodeAction[] ?? [],
    dispose: async () => {
      await conn.sendRequest(ShutdownRequest.type);
      server.dispose();
      conn.dispose();
      serverConn.dispose();
    },
  };
}

/** The text edits a workspace edit makes to one document, in either of the two shapes. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  if (edit.changes) return edit.changes[uri] ?? [];
  const out: TextEdit[] = [];
  for (const dc of edit.documentChanges ?? []) {
    if ('textDocument' in dc && dc.textDocument.uri === uri) out.push(...dc.edits.map((e) => e as TextEdit));
  }
  return out;
}

/** Applies a workspace edit to a text the way an editor does. */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'c', 1, text), editsFor(edit, uri));
}

/** corpus/<rule>/<case>.input.c files that have an .output.c beside them. */
export function corpusPairs(): { input: string; output: string }[] {
  const root = join(REPO, 'corpus');
  const out: { input: string; output: string }[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'include') continue;
    for (const f of readdirSync(join(root, dir.name))) {
      if (!f.endsWith('.input.c')) continue;
      const output = join(root, dir.name, f.replace(/\.input\.c$/, '.output.c'));
      if (existsSync(output)) out.push({ input: join(root, dir.name, f), output });
    }
  }
  return out.sort((a, b) => a.input.localeCompare(b.input));
}

/** Builds dist/ when the binary's entry point is missing (end-to-end tests run the real binary). */
export function ensureBuilt(): void {
  if (existsSync(join(REPO, 'dist/src/lsp/server.js')) && existsSync(join(REPO, 'dist/src/cli/main.js'))) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'pipe' });
  } catch {
    // tsc exits non-zero on type errors elsewhere but still emits; the check below decides.
  }
  if (!existsSync(join(REPO, 'dist/src/lsp/server.js'))) throw new Error('dist/ is missing and `tsc -p tsconfig.json` did not produce it; run npm run build');
}

/** Fails under CI when a tool the end-to-end tests need is missing; elsewhere the caller may skip. */
export function haveTool(cmd: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${cmd} is required for the end-to-end tests under CI (install it: see scripts/setup.sh)`);
    return false;
  }
}
