/**
 * The --write contract (docs/writing-files.md): replace exactly the file that was read, keep what
 * bpf-migrate does not own (owner, group, mode, extended attributes, hard links), respect the
 * file's write permission, and never leave a file half written by a killed run.
 *
 * A file is replaced atomically (temp file beside it, fsync, rename) when the replacement can
 * carry everything the file has. When it cannot (several hard links, an owner or group this
 * process cannot give away, attributes it cannot copy), the file is written in place through a
 * descriptor opened on the same inode, as Prettier and ESLint --fix do: links and ownership stay,
 * at the cost of atomicity.
 */
import {
  closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readdirSync,
  readSync, realpathSync, renameSync, unlinkSync, writeSync, accessSync, type BigIntStats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileIdentity } from './read-source.js';
import { readXattrs, writeXattrs } from './xattr.js';

/**
 * Temp files are named `.NAME.bpf-migrate-PID-XXXXXXXX.tmp`: the process id says whose they are,
 * so a sweep removes only those of runs that are gone (a concurrent run's are left alone).
 */
export const TEMP_PATTERN = /^\..+\.bpf-migrate-(\d+)-[0-9a-f]{8}\.tmp$/;

/** A write bpf-migrate declines; the message says why and what to do. */
export class WriteRefused extends Error {}

const CHANGED = 'the file was replaced or changed since it was read (another program wrote it); left as it is, run bpf-migrate again';

function sameFile(st: BigIntStats, identity: FileIdentity): boolean {
  return Number(st.dev) === identity.dev && Number(st.ino) === identity.ino;
}

function unchanged(st: BigIntStats, identity: FileIdentity): boolean {
  return sameFile(st, identity) && Number(st.size) === identity.size && st.mtimeNs === identity.mtimeNs;
}

/** Whether the open file holds exactly `bytes`. */
function holds(fd: number, st: BigIntStats, bytes: Buffer): boolean {
  if (Number(st.size) !== bytes.length) return false;
  const now = Buffer.alloc(bytes.length);
  let at = 0;
  while (at < now.length) {
    const n = readSync(fd, now, at, now.length - at, at);
    if (n === 0) return false;
    at += n;
  }
  return now.equals(bytes);
}

function holdsPath(path: string, bytes: Buffer): boolean {
  let fd: number;
  try { fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK); } catch { return false; }
  try { return holds(fd, fstatSync(fd, { bigint: true }), bytes); } finally { closeSync(fd); }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at, at);
}

/**
 * Writes `text` to the file at `given`, which must still be the file described by `identity`
 * (what was read). Through a symbolic link the file it points to is written (renaming over the
 * link would turn it into a copy). Throws WriteRefused, or the system error.
 */
export function writeSourceFile(given: string, text: string, identity?: FileIdentity): void {
  const path = realpathSync(given);
  // O_NOFOLLOW: a link put in the file's place after realpath is refused (ELOOP), not followed.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new WriteRefused('the file was replaced by a symbolic link since it was read; left as it is, run bpf-migrate again');
    throw e;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw new WriteRefused('no longer a regular file; left as it is');
    const bytes = Buffer.from(text, 'utf8');
    if (identity && !unchanged(st, identity)) {
      // Another run (a concurrent --write on the same tree) may have written this very text already.
      if (holds(fd, st, bytes)) return;
      throw new WriteRefused(CHANGED);
    }
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EACCES') {
        throw new WriteRefused(`no write permission (mode ${(Number(st.mode) & 0o7777).toString(8).padStart(4, '0')}); bpf-migrate respects it as Prettier and ESLint do: make the file writable (chmod u+w) if it should be migrated`);
      }
      throw e;
    }
    const ident: FileIdentity = identity ?? { dev: Number(st.dev), ino: Number(st.ino), size: Number(st.size), mtimeNs: st.mtimeNs, nlink: Number(st.nlink) };
    if (st.nlink > 1n || !replaceAtomically(path, fd, st, bytes, ident)) writeInPlace(path, bytes, ident);
  } finally {
    closeSync(fd);
  }
}

/**
 * Temp file, owner, attributes, mode, fsync, then rename once the path still names the file read.
 * False (nothing changed) when the temp file cannot carry the original's owner or attributes.
 */
function replaceAtomically(path: string, fd: number, st: BigIntStats, bytes: Buffer, identity: FileIdentity): boolean {
  const attrs = readXattrs(fd);
  if (!attrs) return false;
  const tmp = join(dirname(path), `.${basename(path)}.bpf-migrate-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const out = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  let keep = false;
  try {
    writeAll(out, bytes);
    // Owner first: chown clears set-id bits, so the mode is set after it, exactly (no umask).
    try {
      fchownSync(out, Number(st.uid), Number(st.gid));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPERM') return false;
      throw e;
    }
    if (!writeXattrs(out, attrs)) return false;
    fchmodSync(out, Number(st.mode) & 0o7777);
    fsyncSync(out);
    // The path must still name the file that was read: a file swapped for another (or a link) meanwhile is not overwritten.
    const now = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (now?.isFile() && !unchanged(now, identity) && holdsPath(path, bytes)) return true;
    if (!now || !now.isFile() || !unchanged(now, identity)) throw new WriteRefused(CHANGED);
    renameSync(tmp, path);
    keep = true;
    return true;
  } finally {
    closeSync(out);
    if (!keep) { try { unlinkSync(tmp); } catch { /* gone already */ } }
  }
}

/** Same inode, new content: open for writing without following links, check it is the file read, write, truncate, fsync. */
function writeInPlace(path: string, bytes: Buffer, identity: FileIdentity): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const now = fstatSync(fd, { bigint: true });
    if (!now.isFile() || !unchanged(now, identity)) throw new WriteRefused(CHANGED);
    writeAll(fd, bytes);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Whether process `pid` still exists (EPERM: it does, under another user). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files that runs which are gone (killed) left in `dir`; a live run's are its own. */
export function sweepTempFiles(dir: string): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0; // unreadable dir: nothing to sweep
  }
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try { unlinkSync(join(dir, name)); n++; } catch { /* gone already */ }
  }
  return n;
}
