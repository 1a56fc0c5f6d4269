/**
 * Reads LSP's base protocol (`Content-Length: N\r\n\r\n` + N bytes of JSON) from a stream and
 * survives what a broken client sends. vscode-jsonrpc's own reader stops for good at a bad
 * header (no Content-Length, `abc`, `-5`, a length past any sane size) and drops JSON that is not
 * a JSON-RPC message without a reply. This one logs the error and resynchronises at the next
 * `Content-Length:` header, answers a body that is not JSON with a Parse error (-32700) and a
 * message that is not JSON-RPC with an Invalid Request error (-32600), as JSON-RPC 2.0 says.
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, ErrorCodes, type DataCallback, type Disposable, type Message } from 'vscode-languageserver/node';

/** No legitimate message comes near this; the server's own document cap is 8 MB. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Headers are a few dozen bytes; this much without the blank line that ends them is garbage. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const LENGTH_HEADER = /^content-length$/i;
const RESYNC = Buffer.from('Content-Length:');

type ErrorReply = { jsonrpc: '2.0'; id: number | string | null; error: { code: number; message: string } };

export interface FramingHooks {
  /** Writes a reply the connection never sees (errors for messages it could not be given). */
  reply(message: ErrorReply): void;
  /** Says what went wrong (the server sends it to the client's log). */
  log(message: string): void;
}

/** Why `value` is not a JSON-RPC message the connection can handle, or undefined when it is one. */
export function invalidMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a JSON-RPC message must be an object (batches are not part of LSP)';
  const m = value as Record<string, unknown>;
  const hasId = 'id' in m;
  if (hasId && m.id !== null && typeof m.id !== 'number' && typeof m.id !== 'string') return "'id' must be a number, a string or null";
  if ('method' in m) return typeof m.method === 'string' ? undefined : "'method' must be a string";
  if (hasId && ('result' in m || 'error' in m)) return undefined;
  return "neither a request, a notification nor a response (no 'method', no 'result' or 'error')";
}

function idOf(value: unknown): number | string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}

export class ResyncingMessageReader extends AbstractMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private callback?: DataCallback;
  private closed = false;
  /** Whether the client asked for `shutdown` (an editor then closes the stream; a crash closes it without). */
  shutdownRequested = false;

  constructor(private readonly readable: Readable, private readonly hooks: FramingHooks) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.onData(chunk);
    const onClose = () => { if (!this.closed) { this.closed = true; this.fireClose(); } };
    const onError = (e: Error) => this.fireError(e);
    this.readable.on('data', onData);
    this.readable.on('close', onClose);
    this.readable.on('end', onClose);
    this.readable.on('error', onError);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('close', onClose);
        this.readable.off('end', onClose);
        this.readable.off('error', onError);
      },
    };
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.resync(`no end of headers within ${MAX_HEADER_BYTES} bytes`, 1);
        return;
      }
      const length = this.contentLength(this.buffer.subarray(0, headerEnd).toString('ascii'));
      // From the next byte: garbage left by a short Content-Length runs into the next message's headers.
      if (typeof length === 'string') { this.resync(length, 1); continue; }
      const start = headerEnd + HEADER_END.length;
      if (this.buffer.length < start + length) return; // the body has not all arrived
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.deliver(body);
    }
  }

  /** The Content-Length the headers give, or why there is none usable. */
  private contentLength(headers: string): number | string {
    let value: string | undefined;
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0 && LENGTH_HEADER.test(line.slice(0, colon).trim())) value = line.slice(colon + 1).trim();
    }
    if (value === undefined) return 'a message without a Content-Length header';
    if (!/^\d+$/.test(value)) return `Content-Length '${value}' is not a byte count`;
    const n = Number(value);
    if (n > MAX_MESSAGE_BYTES) return `Content-Length ${value} is over the ${MAX_MESSAGE_BYTES}-byte limit`;
    return n;
  }

  /** Logs the framing error and drops input up to the next `Content-Length:` at or after `from`. */
  private resync(reason: string, from: number): void {
    const next = this.buffer.indexOf(RESYNC, from);
    // Without a header in sight, keep only a tail that could be the start of one.
    this.buffer = next >= 0 ? this.buffer.subarray(next) : this.buffer.subarray(Math.max(from, this.buffer.length - RESYNC.length + 1));
    this.hooks.log(`bpf-migrate: framing error: ${reason}; skipped to the next Content-Length header`);
  }

  private deliver(body: string): void {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      this.hooks.log(`bpf-migrate: a message body is not JSON (${(e as Error).message}); answered with a parse error`);
      this.hooks.reply({ jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: `Parse error: ${(e as Error).message}` } });
      return;
    }
    const invalid = invalidMessage(value);
    if (invalid) {
      this.hooks.log(`bpf-migrate: invalid JSON-RPC message: ${invalid}`);
      this.hooks.reply({ jsonrpc: '2.0', id: idOf(value), error: { code: ErrorCodes.InvalidRequest, message: `Invalid Request: ${invalid}` } });
      return;
    }
    if ((value as { method?: unknown }).method === 'shutdown') this.shutdownRequested = true;
    this.callback?.(value as Message);
  }
}
