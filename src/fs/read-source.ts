/**
 * Reads C files for migration. Only regular files are read, never more than MAX_SOURCE_BYTES, and
 * never in a way that can block: a FIFO, a device or a /proc file is refused before any byte is
 * read. The text is classified, not the bytes: a file clang would build is never "binary", and a
 * file naming legacy constructs that the engine cannot read faithfully is an error, not a skip.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statfsSync, type Stats, type BigIntStats } from 'node:fs';
import { LEGACY_WORDS, MAP_MACRO_WORDS } from '../core/scan.js';

/** Larger inputs (files, headers, stdin) are refused: no C source that declares maps is near this. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/** What the writer needs to know about the file that was read (see atomic-write.ts). */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeNs: bigint;
  nlink: number;
}

/** `skip`: a file that is not C source text (binary, other encoding); `error`: one we could not read. */
export type ReadOutcome =
  | { ok: true; text: string; identity?: FileIdentity }
  | { ok: false; reason: string; kind: 'skip' | 'error' };

export type ReadBytesOutcome = { ok: true; bytes: Buffer; identity: FileIdentity } | { ok: false; reason: string; code?: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LEGACY_BYTES = [...LEGACY_WORDS, ...MAP_MACRO_WORDS, '"maps"'].map((w) => Buffer.from(w));

/**
 * statfs magic numbers of kernel pseudo file systems: their "regular" files have no real size
 * and a read may block forever (/proc/kmsg, tracefs's trace_pipe) or have side effects.
 */
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: '/proc', 0x62656572: 'sysfs', 0x64626720: 'debugfs', 0x74726163: 'tracefs', 0x73636673: 'securityfs',
  0x27e0eb: 'cgroup', 0x63677270: 'cgroup2', 0xcafe4a11: 'bpffs', 0x62656570: 'configfs', 0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs', 0x65735543: 'fusectl', 0x42494e4d: 'binfmt_misc',
};

/** What kind of thing a non-regular file is, for messages. */
export function fileKind(st: Stats | BigIntStats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Why `path` (a regular file by stat) must not be read, or undefined: it lives on a pseudo file system. */
export function pseudoFileSystem(path: string): string | undefined {
  try {
    return PSEUDO_FS[Number(statfsSync(path).type)];
  } catch {
    return undefined;
  }
}

/**
 * File systems on block devices, by device number: one statfs per device rather than per file. A
 * device number with major 0 (tmpfs, overlay, and the pseudo file systems themselves) is reused by
 * the next mount, so such files are asked each time.
 */
const onBlockDevice = new Map<bigint, string | undefined>();

function fileSystemOf(path: string, dev: number | bigint): string | undefined {
  const d = BigInt(dev);
  const major = ((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn);
  if (major === 0n) return pseudoFileSystem(path);
  if (!onBlockDevice.has(d)) onBlockDevice.set(d, pseudoFileSystem(path));
  return onBlockDevice.get(d);
}

/** Why a path must not be read as source, or undefined when it is a regular file on a real file system. */
export function notReadableSource(path: string, st: Stats | BigIntStats, maxBytes = MAX_SOURCE_BYTES): string | undefined {
  if (!st.isFile()) return `${fileKind(st)}, not a regular file; bpf-migrate reads only regular files`;
  const pseudo = fileSystemOf(path, st.dev);
  if (pseudo) return `a ${pseudo} file, not source; bpf-migrate reads only regular files on real file systems`;
  if (Number(st.size) > maxBytes) return tooLarge(Number(st.size), maxBytes);
  return undefined;
}

/** The message for an input over the size limit (`size` undefined: a stream that did not end). */
export function tooLarge(size: number | undefined, maxBytes = MAX_SOURCE_BYTES): string {
  const limit = maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MiB` : `${maxBytes} bytes`;
  return `${size === undefined ? 'larger than' : `${size} bytes, over`} the ${limit} limit for one source file; it is left as it is`;
}

function errnoReason(e: unknown): { reason: string; code?: string } {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES') return { reason: 'permission denied', code };
  if (code === 'ENOENT') return { reason: 'file vanished', code };
  if (code === 'ELOOP') return { reason: 'is a symbolic link loop', code };
  return { reason: `cannot read: ${code ?? (e as Error).message}`, code };
}

/**
 * The bytes of a regular file. Opened non-blocking (opening a FIFO would wait for a writer),
 * checked on the descriptor (so a file swapped after a stat is still checked), and read up to the
 * size fstat gave: a file growing meanwhile is read as it was, and nothing here waits for data.
 */
export function readRegularFile(path: string, maxBytes = MAX_SOURCE_BYTES): ReadBytesOutcome {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return { ok: false, ...errnoReason(e) };
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    const size = Number(st.size);
    const why = notReadableSource(path, st, maxBytes);
    if (why) return { ok: false, reason: why, code: size > maxBytes ? 'EFBIG' : 'ESPECIAL' };
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return {
      ok: true, bytes: at === bytes.length ? bytes : bytes.subarray(0, at),
      identity: { dev: Number(st.dev), ino: Number(st.ino), size, mtimeNs: st.mtimeNs, nlink: Number(st.nlink) },
    };
  } catch (e) {
    return { ok: false, ...errnoReason(e) };
  } finally {
    closeSync(fd);
  }
}

function namesLegacy(buf: Buffer): boolean {
  return LEGACY_BYTES.some((w) => buf.includes(w));
}

function lineOf(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = buf.indexOf(10); i >= 0 && i < offset; i = buf.indexOf(10, i + 1)) line++;
  return line;
}

/** Offset of the first CR that is not part of CRLF: clang ends a line there, the engine does not. */
function loneCarriageReturn(buf: Buffer): number {
  for (let i = buf.indexOf(13); i >= 0; i = buf.indexOf(13, i + 1)) if (buf[i + 1] !== 10) return i;
  return -1;
}

/**
 * Bytes to text, or why not. A NUL byte or a lone CR line ending in a file that names legacy
 * constructs is an error: clang builds such files (it ignores NULs and ends lines at CR), so
 * passing them over would let --check succeed on a file whose object still has a `maps` section.
 */
export function decodeSource(buf: Buffer): ReadOutcome {
  let text: string | undefined;
  try {
    text = decoder.decode(buf);
  } catch {
    text = undefined;
  }
  const nul = buf.indexOf(0);
  if (text === undefined) {
    // Not text in any encoding clang reads as C: an object file or an image named .c.
    if (nul >= 0) return { ok: false, kind: 'skip', reason: 'binary file (NUL bytes and not UTF-8)' };
    return namesLegacy(buf)
      ? { ok: false, kind: 'error', reason: 'not valid UTF-8, and it names legacy map constructs: convert it to UTF-8, then run bpf-migrate again' }
      : { ok: false, kind: 'skip', reason: 'not valid UTF-8; convert it to UTF-8 first' };
  }
  if (nul >= 0) {
    return namesLegacy(buf)
      ? { ok: false, kind: 'error', reason: `a NUL byte on line ${lineOf(buf, nul)}, and it names legacy map constructs: clang ignores NUL bytes but bpf-migrate does not migrate around them; remove them, then run bpf-migrate again` }
      : { ok: false, kind: 'skip', reason: `a NUL byte on line ${lineOf(buf, nul)} (and no legacy map constructs)` };
  }
  const cr = loneCarriageReturn(buf);
  if (cr >= 0 && namesLegacy(buf)) {
    return { ok: false, kind: 'error', reason: `a CR line ending without LF on line ${lineOf(buf, cr)}, and it names legacy map constructs: bpf-migrate reads LF and CRLF line endings only; convert the file (for example with mac2unix), then run bpf-migrate again` };
  }
  return { ok: true, text };
}

export function readSource(path: string): ReadOutcome {
  const read = readRegularFile(path);
  if (!read.ok) return { ok: false, kind: 'error', reason: read.reason };
  const decoded = decodeSource(read.bytes);
  return decoded.ok ? { ...decoded, identity: read.identity } : decoded;
}
