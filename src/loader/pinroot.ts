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
import { libc } from './ffi.js';

export interface PinRoot {
  path: string;
  mode: 'mount' | 'subdir';
  /** Idempotent, synchronous (so it can run from signal and exit handlers). */
  remove(): void;
}

const active = new Set<PinRoot>();
let handlersInstalled = false;
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function removeAll(): void {
  for (const r of [...active]) r.remove();
}

function onSignal(sig: NodeJS.Signals): void {
  removeAll();
  uninstallHandlers();
  // Keep the default behaviour of the signal when nobody else handles it.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removeAll);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', removeAll);
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpf-migrate-pin-'));
  if (c.mount('bpf', dir, 'bpf', 0, null) === 0) {
    let done = false;
    const root: PinRoot = {
      path: dir,
      mode: 'mount',
      remove() {
        if (done) return;
        done = true;
        active.delete(root);
        if (c.umount2(dir, 0) !== 0) c.umount2(dir, 2 /* MNT_DETACH */);
        try {
          fs.rmdirSync(dir);
        } catch {
          /* already gone */
        }
        if (active.size === 0) uninstallHandlers();
      },
    };
    active.add(root);
    installHandlers();
    return root;
  }
  reasons.push(`mount -t bpf on ${dir} failed (errno ${c.errno()})`);
  fs.rmdirSync(dir);
  for (const mnt of bpffsMounts()) {
    try {
      const sub = fs.mkdtempSync(path.join(mnt, 'bpf-migrate-'));
      if (DEFAULT_ROOTS.includes(sub)) continue; // cannot happen with mkdtemp, but stated
      let done = false;
      const root: PinRoot = {
        path: sub,
        mode: 'subdir',
        remove() {
          if (done) return;
          done = true;
          active.delete(root);
          fs.rmSync(sub, { recursive: true, force: true });
          if (active.size === 0) uninstallHandlers();
        },
      };
      active.add(root);
      installHandlers();
      return root;
    } catch (e) {
      reasons.push(`mkdtemp under ${mnt}: ${(e as Error).message}`);
    }
  }
  throw new LoaderError('NoBpffs', reasons.join('; ') || 'no bpffs mount found');
}

/** Pin roots not yet removed (for tests). */
export function activePinRoots(): string[] {
  return [...active].map((r) => r.path);
}
