/**
 * Safety: a verification load never touches the host's live BPF state. Maps pinned beforehand at the
 * default locations (/sys/fs/bpf/NAME and /sys/fs/bpf/tc/globals/NAME) under the same names keep their
 * ids and contents; no private pin root is left behind, also after SIGINT.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { libbpf, libc } from '../../src/loader/ffi.js';
import { formatVerifyTable, verifyPair } from '../../src/loader/index.js';
import { bpffsMounts } from '../../src/loader/pinroot.js';
import { bundleScript, ENV, fixture, itNeeds, LOADER_INDEX, NO_OPTS } from './env.js';

const LOAD = ['clang', 'libbpfHeaders', 'libbpf', 'privileged'] as const;
const canRun = LOAD.every((r) => ENV[r]);

const DEFAULT_DIRS = ['/sys/fs/bpf', '/sys/fs/bpf/tc/globals'];
let mountedDefault = false;
const createdPins: string[] = [];
const createdDirs: string[] = [];
const fds: number[] = [];
let tmp: string;
let savedTmpdir: string | undefined;

interface Pinned { path: string; id: number; fd: number }
const pinned: Record<string, Pinned> = {};

function mapId(fd: number): number {
  const buf = Buffer.alloc(128);
  expect(libbpf().objGetInfoByFd(fd, buf, [buf.length])).toBe(0);
  return buf.readUInt32LE(4);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

function pinMap(at: string, type: number, name: string, key: number, value: number, max: number): Pinned {
  const b = libbpf();
  const p = path.join(at, name);
  if (fs.existsSync(p)) throw new Error(`${p} already exists on this host: refusing to touch it`);
  const fd = b.mapCreate(type, name, key, value, max, null) as number;
  expect(fd).toBeGreaterThanOrEqual(0);
  fds.push(fd);
  expect(b.objPin(fd, p)).toBe(0);
  createdPins.push(p);
  return { path: p, id: mapId(fd), fd };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-iso-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp; // private pin roots of this file's verify runs land here
  if (!canRun) return;
  if (!bpffsMounts().includes('/sys/fs/bpf')) {
    expect(libc().mount('bpf', '/sys/fs/bpf', 'bpf', 0, null)).toBe(0);
    mountedDefault = true;
  }
  for (const d of ['/sys/fs/bpf/tc', '/sys/fs/bpf/tc/globals']) {
    if (!fs.existsSync(d)) {
      fs.mkdirSync(d);
      createdDirs.unshift(d);
    }
  }
  for (const d of DEFAULT_DIRS) {
    // Same name and same definition as the fixtures: libbpf would happily reuse these if it looked there.
    const stats = pinMap(d, 2, 'lm_global_stats', 4, 8, 4);
    const v = Buffer.alloc(8);
    v.writeBigUInt64LE(0xdeadbeefn, 0);
    expect(libbpf().mapUpdateElem(stats.fd, u32(1), v, 0)).toBe(0);
    pinned[`${d}:stats`] = stats;
    pinned[`${d}:jmp`] = pinMap(d, 3, 'lm_jmp_tc', 4, 4, 4); // empty prog array
  }
});

afterAll(() => {
  for (const p of createdPins) fs.rmSync(p, { force: true });
  for (const d of createdDirs) fs.rmdirSync(d);
  for (const fd of fds) libc().close(fd);
  if (mountedDefault) libc().umount2('/sys/fs/bpf', 0);
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Pin roots of this file's runs still present (other test files may run their own meanwhile, elsewhere). */
function leftovers(): string[] {
  const mounts = bpffsMounts().filter((m) => m.startsWith(tmp));
  const dirs = fs.readdirSync(tmp).filter((n) => n.startsWith('bpf-migrate-')).map((n) => path.join(tmp, n));
  // Subdir mode (only this file uses it) creates bpf-migrate-* under the first bpffs mount.
  const under = bpffsMounts().filter((m) => !m.startsWith(tmp)).flatMap((m) => {
    try {
      return fs.readdirSync(m).filter((n) => n.startsWith('bpf-migrate-')).map((n) => path.join(m, n));
    } catch {
      return [];
    }
  });
  return [...mounts, ...dirs, ...under];
}

function assertUntouched(): void {
  const b = libbpf();
  for (const d of DEFAULT_DIRS) {
    const stats = pinned[`${d}:stats`];
    const fd = b.objGet(stats.path) as number;
    expect(fd, `${stats.path} is still pinned`).toBeGreaterThanOrEqual(0);
    fds.push(fd);
    expect(mapId(fd)).toBe(stats.id);
    const v = Buffer.alloc(8);
    expect(b.mapLookupElem(fd, u32(1), v)).toBe(0);
    expect(v.readBigUInt64LE(0)).toBe(0xdeadbeefn);
    const jmp = pinned[`${d}:jmp`];
    const jfd = b.objGet(jmp.path) as number;
    fds.push(jfd);
    expect(mapId(jfd)).toBe(jmp.id);
    for (const k of [0, 1, 2, 3]) expect(b.mapLookupElem(jfd, u32(k), Buffer.alloc(4)), `slot ${k} of ${jmp.path} stays empty`).not.toBe(0);
  }
}

describe('isolation from the host BPF state', () => {
  for (const mode of ['mount', 'subdir'] as const) {
    itNeeds([...LOAD], `maps pinned at the default locations keep id and contents (pin root: ${mode})`, async () => {
      if (mode === 'subdir') process.env.BPF_MIGRATE_PINROOT_MODE = 'subdir';
      try {
        for (const [l, m, name] of [['pinned.legacy.c', 'pinned.migrated.c', 'lm_global_stats'], ['progarray.legacy.c', 'progarray.migrated.c', 'lm_jmp_tc']]) {
          const r = await verifyPair(fixture(l), fixture(m), NO_OPTS);
          expect(r.status, formatVerifyTable(r)).toBe('equivalent');
          const ours = r.maps!.find((x) => x.name === name)!;
          expect(ours.pinned).toBe(true);
          expect(ours.pinPath!.startsWith('/sys/fs/bpf/lm_') || ours.pinPath!.startsWith('/sys/fs/bpf/tc/')).toBe(false);
          expect(Object.values(pinned).map((p) => p.id)).not.toContain(ours.id);
        }
        assertUntouched();
        expect(leftovers()).toEqual([]);
      } finally {
        delete process.env.BPF_MIGRATE_PINROOT_MODE;
      }
    });
  }

  itNeeds([...LOAD], 'the private pin root is removed on errors (verifier rejection)', async () => {
    const r = await verifyPair(fixture('reject.legacy.c'), fixture('reject.migrated.c'), NO_OPTS);
    expect(r.status).toBe('load-error');
    expect(leftovers()).toEqual([]);
  });

  itNeeds([...LOAD], 'Ctrl-C (SIGINT) during verify runs removes the private pin root', async () => {
    const childTmp = fs.mkdtempSync(path.join(tmp, 'child-'));
    const s = await bundleScript(`
import { verifyPair } from ${JSON.stringify(LOADER_INDEX)};
import { createPinRoot } from ${JSON.stringify(LOADER_INDEX.replace(/index\.ts$/, 'pinroot.ts'))};
import * as fs from 'node:fs';
const src = (f) => ({ path: f, text: fs.readFileSync(f, 'utf8') });
const [l, m] = process.argv.slice(2);
// Hold one pin root open for sure, then keep verifying until interrupted.
const held = createPinRoot();
console.log('HELD ' + held.path);
for (;;) {
  const r = await verifyPair(src(l), src(m), { includeDirs: [], defines: [], cflags: [] });
  console.log('RESULT ' + r.status);
}
`);
    try {
      const child = spawn(process.execPath, [s.file, fixture('progarray.legacy.c').path, fixture('progarray.migrated.c').path], {
        env: { ...process.env, TMPDIR: childTmp, BPF_MIGRATE_CACHE: 'off' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const held = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /HELD (\S+)\n[\s\S]*RESULT equivalent/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', () => reject(new Error(`child exited early: ${out}`)));
      });
      expect(bpffsMounts()).toContain(held);
      child.kill('SIGINT');
      const [code, sig] = await new Promise<[number | null, string | null]>((r) => child.on('exit', (c, sg) => r([c, sg])));
      expect(sig ?? code).toBe('SIGINT');
      expect(bpffsMounts().filter((mnt) => mnt.startsWith(childTmp))).toEqual([]);
      expect(fs.readdirSync(childTmp)).toEqual([]);
      assertUntouched();
    } finally {
      s.cleanup();
    }
  });
});
