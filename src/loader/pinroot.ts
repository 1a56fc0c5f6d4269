/**
 * A private pin root for one verification load. Preferred: a fresh bpffs mounted on a new temp dir
 * (its own superblock: nothing pinned there is visible under /sys/fs/bpf, and unmounting drops every
 * pin at once). Fallback when mounting is not possible: a new directory under an existing bpffs mount.
 * Never the default /sys/fs/bpf or /sys/fs/bpf/tc/globals themselves. Removed afterwards, also on
 * errors (try/finally in the caller), on SIGINT/SIGTERM/SIGHUP and at process exit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LoaderError } from './errors.js';
import { registerCleanup } from './cleanup.js';
import { libc } from './ffi.js';

export interface PinRoot {
  path: string;
  mode: 'mount' | 'subdir';
  /** Idempotent, synchronous (so it can run from signal and exit handlers). */
  remove(): void;
}

/** bpffs mount points from /proc/self/mounts. */
export function bpffsMounts(): string[] {
  try {
    return fs.readFileSync('/proc/self/mounts', 'utf8').split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f[2] === 'bpf')
      .map((f) => f[1].replace(/\\040/g, ' '));
  } catch {
    return [];
  }
}

const DEFAULT_ROOTS = ['/sys/fs/bpf', '/sys/fs/bpf/tc/globals', '/sys/fs/bpf/tc', '/sys/fs/bpf/xdp/globals'];

/** Create a private pin root. Throws LoaderError NoBpffs when neither strategy works. */
export function createPinRoot(): PinRoot {
  const c = libc();
  const reasons: string[] = [];
  // libbpf rewrites '.' in some pin paths to '_', so keep dots out of the root.
  const base = os.tmpdir().includes('.') ? '/tmp' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'bpf-migrate-pin-'));
  // BPF_MIGRATE_PINROOT_MODE=subdir skips the private mount (tests use it to exercise the fallback).
  const tryMount = process.env.BPF_MIGRATE_PINROOT_MODE !== 'subdir';
  if (tryMount && c.mount('bpf', dir, 'bpf', 0, null) === 0) {
    const remove = registerCleanup(() => {
      if (c.umount2(dir, 0) !== 0) c.umount2(dir, 2 /* MNT_DETACH */);
      try {
        fs.rmdirSync(dir);
      } catch {
        /* already gone */
      }
    });
    return { path: dir, mode: 'mount', remove };
  }
  reasons.push(tryMount ? `mount -t bpf on ${dir} failed (errno ${c.errno()})` : 'private mount disabled by BPF_MIGRATE_PINROOT_MODE=subdir');
  fs.rmdirSync(dir);
  for (const mnt of bpffsMounts()) {
    try {
      const sub = fs.mkdtempSync(path.join(mnt, 'bpf-migrate-'));
      if (DEFAULT_ROOTS.includes(sub)) continue; // cannot happen with mkdtemp, but stated
      const remove = registerCleanup(() => fs.rmSync(sub, { recursive: true, force: true }));
      return { path: sub, mode: 'subdir', remove };
    } catch (e) {
      reasons.push(`mkdtemp under ${mnt}: ${(e as Error).message}`);
    }
  }
  throw new LoaderError('NoBpffs', reasons.join('; ') || 'no bpffs mount found');
}

