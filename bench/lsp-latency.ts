/**
 * Editor latency (issue 14): through the real server (`node bin/bpf-migrate.js lsp`, a child
 * process on stdio), the time from sending `textDocument/didChange` for a large legacy file to
 * receiving the `publishDiagnostics` of that version. The debounce is set to 0, so the figure is
 * the analysis and the round trip only; an editor adds the configured debounce (200 ms by default).
 *
 * Edits alternate, as typing does, between a map's `.max_elem` value (the analysis of that map
 * changes) and a comment inside a function body (the maps do not), sent as incremental changes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification, ShutdownRequest, ExitNotification, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DENSE_BPF_API_H, largeLegacyFile } from './generate-dense.js';

export interface LspLatency {
  lines: number;
  bytes: number;
  diagnostics: number;
  /** Milliseconds, one per timed edit. */
  samples: number[];
  median: number;
  p95: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export async function measureLspLatency(bin: string, opts: { lines?: number; edits?: number; warmup?: number } = {}): Promise<LspLatency> {
  const lines = opts.lines ?? 3000;
  const edits = opts.edits ?? 40;
  const warmup = opts.warmup ?? 5;
  const dir = join(tmpdir(), `bpf-migrate-bench-lsp-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'include'), { recursive: true });
  mkdirSync(join(dir, 'lib'), { recursive: true });
  const file = largeLegacyFile(0x14, lines);
  writeFileSync(join(dir, 'include', 'bpf_api.h'), DENSE_BPF_API_H);
  writeFileSync(join(dir, 'lib', 'common.h'), file.commonH);
  const path = join(dir, 'large.c');
  writeFileSync(path, file.text);
  const uri = pathToFileURL(path).href;

  const child = spawn(process.execPath, [bin, 'lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { if (stderr.length < 1 << 16) stderr += d.toString(); });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri !== uri || p.version === undefined) return;
    waiting.get(p.version)?.(p);
  });
  conn.listen();
  const published = (version: number) => new Promise<PublishDiagnosticsParams>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no diagnostics for version ${version} within 30 s; server stderr: ${stderr.slice(0, 2000)}`)), 30_000);
    waiting.set(version, (p) => { clearTimeout(timer); waiting.delete(version); res(p); });
  });
  try {
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: null,
      capabilities: {}, initializationOptions: { includeDirs: [join(dir, 'include')], debounceMs: 0 },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    let doc = TextDocument.create(uri, 'c', 1, file.text);
    const first = published(1);
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'c', version: 1, text: file.text } });
    const p1 = await first;

    const samples: number[] = [];
    for (let i = 0; i < warmup + edits; i++) {
      const text = doc.getText();
      let change: TextDocumentContentChangeEvent;
      if (i % 2 === 0) {
        // The value of a map's .max_elem: a number that alternates between two lengths.
        const at = text.indexOf('.max_elem\t= ');
        const start = at + '.max_elem\t= '.length;
        const end = text.indexOf(',', start);
        const old = text.slice(start, end);
        change = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: old === '4096' ? '65536' : '4096' };
      } else {
        // A comment line in the middle of the file (inside a function body or between declarations).
        const mid = text.indexOf('\n\treturn', text.length >> 1) + 1;
        const marker = '\t/* edited */\n';
        change = text.startsWith(marker, mid)
          ? { range: { start: doc.positionAt(mid), end: doc.positionAt(mid + marker.length) }, text: '' }
          : { range: { start: doc.positionAt(mid), end: doc.positionAt(mid) }, text: marker };
      }
      const version = doc.version + 1;
      doc = TextDocument.update(doc, [change], version);
      const got = published(version);
      const t0 = process.hrtime.bigint();
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      await got;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= warmup) samples.push(ms);
    }
    return { lines: file.text.split('\n').length, bytes: Buffer.byteLength(file.text), diagnostics: p1.diagnostics.length, samples, median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
  } finally {
    try {
      await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await conn.sendNotification(ExitNotification.type);
    } catch { /* the server may be gone already */ }
    conn.dispose();
    child.stdin.end();
    setTimeout(() => { if (child.exitCode === null) child.kill(); }, 2000).unref();
    rmSync(dir, { recursive: true, force: true });
  }
}
