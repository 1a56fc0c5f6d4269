/** Reads a C file for migration, refusing binary and non-UTF-8 files with a reason instead of mangling them. */
import { readFileSync } from 'node:fs';
import { LEGACY_WORDS, MAP_MACRO_WORDS } from '../core/scan.js';

/** `skip`: a file that is not C source text (binary, other encoding); `error`: one we could not read. */
export type ReadOutcome = { ok: true; text: string } | { ok: false; reason: string; kind: 'skip' | 'error' };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LEGACY_BYTES = [...LEGACY_WORDS, ...MAP_MACRO_WORDS].map((w) => Buffer.from(w));

export function decodeSource(buf: Buffer): ReadOutcome {
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, kind: 'skip', reason: 'binary file (contains NUL bytes)' };
  try {
    return { ok: true, text: decoder.decode(buf) };
  } catch {
    // Left alone either way; but a file that declares legacy maps must not pass --check unseen.
    const legacy = LEGACY_BYTES.some((w) => buf.includes(w));
    return legacy
      ? { ok: false, kind: 'error', reason: 'not valid UTF-8, and it names legacy map constructs: convert it to UTF-8, then run bpf-migrate again' }
      : { ok: false, kind: 'skip', reason: 'not valid UTF-8; convert it to UTF-8 first' };
  }
}

export function readSource(path: string): ReadOutcome {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, kind: 'error', reason: code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'file vanished' : `cannot read: ${code ?? (e as Error).message}` };
  }
  return decodeSource(buf);
}
