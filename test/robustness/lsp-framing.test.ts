/**
 * The language server after a client's framing errors and malformed messages (issue 15, row 12):
 * each is logged, answered where JSON-RPC says so, and the next request is still answered, up to
 * shutdown and exit. Runs the built server (dist) as an editor would, on stdio.
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const BIN = join(resolve(__dirname, '..', '..'), 'bin', 'bpf-migrate.js');

function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

interface Reply { id?: number | string | null; method?: string; result?: unknown; error?: { code: number; message: string }; params?: { message?: string } }

/**
 * Starts the server, sends `chunks`, then `shutdown` (id 1000) and, once that is answered, `exit`
 * (as an editor does); collects what the server writes until it exits.
 */
function converse(chunks: (Buffer | string)[]): Promise<{ code: number | null; messages: Reply[] }> {
  const child = spawn(process.execPath, [BIN, 'lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = Buffer.alloc(0);
  let exitSent = false;
  child.stdout.on('data', (d: Buffer) => {
    out = Buffer.concat([out, d]);
    if (!exitSent && out.includes('"id":1000,')) { exitSent = true; child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' })); }
  });
  child.stderr.resume();
  for (const c of [...chunks, frame({ jsonrpc: '2.0', id: 1000, method: 'shutdown' })]) child.stdin.write(c);
  return new Promise((res) => child.on('exit', (code) => {
    const messages: Reply[] = [];
    const text = out.toString('utf8');
    for (const m of text.matchAll(/Content-Length: (\d+)\r\n\r\n/g)) {
      const start = m.index + m[0].length;
      messages.push(JSON.parse(Buffer.from(text.slice(start)).subarray(0, Number(m[1])).toString('utf8')) as Reply);
    }
    res({ code, messages });
  }));
}

const ping = (id: number) => frame({ jsonrpc: '2.0', id, method: 'bpf-migrate/ping' });
const replyTo = (messages: Reply[], id: number) => messages.find((m) => m.id === id && m.method === undefined);

describe('language server framing', () => {
  it('logs each framing error, skips to the next header and answers the following requests, then shutdown and exit', { timeout: 20_000 }, async () => {
    const bad: [string, string | Buffer][] = [
      ['no Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
      ['a length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
      ['a negative length', 'Content-Length: -5\r\n\r\n{}'],
      ['a length past any message', 'Content-Length: 99999999999\r\n\r\n{}'],
      ['a length too short for its body', `Content-Length: 5\r\n\r\n${JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'initialize' })}`],
    ];
    const chunks: (string | Buffer)[] = [frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })];
    bad.forEach(([, b], i) => { chunks.push(b, ping(10 + i)); });
    const { code, messages } = await converse(chunks);
    expect(replyTo(messages, 1)?.result).toMatchObject({ capabilities: {} });
    bad.forEach(([what], i) => expect(replyTo(messages, 10 + i), `request after ${what}`).toMatchObject({ error: { code: -32601 } }));
    expect(replyTo(messages, 1000)).toMatchObject({ result: null });
    expect(code).toBe(0);
    const logged = messages.filter((m) => m.method === 'window/logMessage').map((m) => m.params?.message ?? '');
    expect(logged.filter((m) => /framing error/.test(m)).length).toBeGreaterThanOrEqual(4);
    // The short length cut a body in two: its first 5 bytes are not JSON.
    expect(messages.filter((m) => m.error?.code === -32700 && m.id === null)).toHaveLength(1);
    expect(replyTo(messages, 99)).toBeUndefined();
  });

  it('exits when the client closes its end without shutdown (exit 1), as an editor that crashed', { timeout: 20_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'lsp'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(Buffer.concat([Buffer.from('Content-Length: x\r\n\r\n'), ping(1)]));
    expect(await new Promise((res) => child.on('exit', res))).toBe(1);
  });

  it('answers requests that are not JSON-RPC with Invalid Request, keeping their id', { timeout: 20_000 }, async () => {
    const { code, messages } = await converse([
      frame({ jsonrpc: '2.0', id: 3, method: 12 }),
      frame({ jsonrpc: '2.0', id: 4 }),
      frame([{ jsonrpc: '2.0', id: 5, method: 'initialize' }]),
      frame({ jsonrpc: '2.0', id: { nested: true }, method: 'initialize' }),
      ping(6),
    ]);
    expect(replyTo(messages, 3)).toMatchObject({ error: { code: -32600 } });
    expect(replyTo(messages, 4)).toMatchObject({ error: { code: -32600 } });
    expect(messages.filter((m) => m.id === null && m.error?.code === -32600)).toHaveLength(2);
    expect(replyTo(messages, 6)).toBeDefined();
    expect(replyTo(messages, 1000)).toMatchObject({ result: null });
    expect(code).toBe(0);
  });
});
