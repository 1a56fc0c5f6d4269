/**
 * Issue 15, row 7 (the server's part): a large document edited again and again does not make the
 * language server's memory grow. The built server runs as an editor runs it, with its analysis
 * worker; resident memory of both is read from /proc after each analysis.
 */
import { describe, it, expect } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');

function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

/** Resident memory in MiB of `pid` and its children (the analysis worker). */
function treeRss(pid: number): number {
  let kids: number[] = [];
  try { kids = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number); } catch { /* none */ }
  let kib = 0;
  for (const p of [pid, ...kids]) {
    try { kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1]); } catch { /* exited */ }
  }
  return kib / 1024;
}

describe('language server memory', () => {
  it('stays flat over repeated edits of a 2 MB document', { timeout: 60_000 }, async () => {
    let numbers = '';
    for (let i = 0; numbers.length < 2_000_000; i++) numbers += `${(i * 7919) % 100000},`;
    const text = `#include "bpf_api.h"\nstruct bpf_elf_map __section_maps m = {\n\t.type = BPF_MAP_TYPE_HASH,\n\t.size_key = 4,\n\t.size_value = 8,\n\t.max_elem = 16,\n};\nint big[] = {${numbers}0};\n`;
    const child = spawn(process.execPath, [BIN, 'lsp', '-I', join(REPO, 'corpus', 'include')], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const waiters: { re: RegExp; resolve: () => void }[] = [];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const w of [...waiters]) if (w.re.test(out)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    });
    const until = (re: RegExp) => new Promise<void>((res) => { if (re.test(out)) res(); else waiters.push({ re, resolve: res }); });
    try {
      child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      await until(/"id":1,/);
      child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
      const uri = `file://${join(REPO, 'corpus', 'big-doc.c')}`;
      child.stdin.write(frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'c', version: 1, text } } }));
      await until(/"version":1,"diagnostics":\[\{/);
      const rss: number[] = [treeRss(child.pid!)];
      for (let v = 2; v <= 9; v++) {
        const edit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `/* edit ${v} */` };
        child.stdin.write(frame({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: v }, contentChanges: [edit] } }));
        await until(new RegExp(`"version":${v},"diagnostics":\\[\\{`));
        rss.push(treeRss(child.pid!));
      }
      // Eight more analyses of the document: at most a few copies of its text more, not one per edit.
      expect(Math.max(...rss.slice(1)) - rss[0], `RSS in MiB after each analysis: ${rss.map((r) => r.toFixed(0)).join(', ')}`).toBeLessThan(64);
    } finally {
      child.kill();
    }
  });
});
