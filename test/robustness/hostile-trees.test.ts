/**
 * Hostile trees: symlink loops, dangling links, a file that vanishes mid-run, an unreadable
 * file (as an unprivileged user: root reads through chmod 000), names with spaces and non-ASCII characters, non-UTF-8 and binary files. Each gets a clear per-file
 * message and the rest of the run goes on: the other files are migrated and the exit code
 * is that of a normal run with diagnostics (1), not a usage/fatal error (2) or a crash.
 * The 20 MB file is in big-file.test.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng, generateElfMapFile, generatePlainFile, writeBenchHeaders } from '../../bench/generate.js';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');

let root: string;

function legacy(seed: number): string {
  return generateElfMapFile(new Rng(seed), 1_500, { maps: [1, 2], tailCalls: 0 }).text;
}

function run(args: string[], opts: { asNobody?: boolean; timeout?: number } = {}) {
  const cmd = opts.asNobody ? 'setpriv' : process.execPath;
  const full = opts.asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args] : [BIN, ...args];
  return spawnSync(cmd, full, { encoding: 'utf8', timeout: opts.timeout ?? 50_000, maxBuffer: 64 << 20 });
}

function isLegacy(path: string): boolean {
  return /struct bpf_elf_map\b[^;{]*=/.test(readFileSync(path, 'utf8'));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bpf-migrate-hostile-'));
  writeBenchHeaders(join(root, 'include'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('hostile trees', () => {
  it('survives symlink loops, dangling links, odd names, non-UTF-8 and binary files', { timeout: 55_000 }, () => {
    const t = join(root, 'odd');
    mkdirSync(join(t, 'sub dir', 'ünïcødé'), { recursive: true });
    writeFileSync(join(t, 'good.c'), legacy(1));
    writeFileSync(join(t, 'sub dir', 'map with spaces.c'), legacy(2));
    writeFileSync(join(t, 'sub dir', 'ünïcødé', 'kärtä 映射.c'), legacy(3));
    symlinkSync('..', join(t, 'sub dir', 'loop'));
    symlinkSync(t, join(t, 'sub dir', 'ünïcødé', 'back to top'));
    symlinkSync('does-not-exist.c', join(t, 'dangling.c'));
    // A link to a file outside the tree: the file it points to is migrated, and the link stays a link.
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'elsewhere', 'target.c'), legacy(5));
    symlinkSync(join(root, 'elsewhere', 'target.c'), join(t, 'linked.c'));
    // Latin-1 bytes (é = 0xe9) in a comment of an otherwise legacy file.
    writeFileSync(join(t, 'latin1.c'), Buffer.concat([Buffer.from('/* caf'), Buffer.from([0xe9]), Buffer.from(' */\n'), Buffer.from(legacy(4))]));
    // A binary file with a source name: an object file someone named .c.
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 131 + 7) & 0xff;
    Buffer.from('\x7fELF').copy(bin, 0);
    Buffer.from('struct bpf_elf_map').copy(bin, 100);
    writeFileSync(join(t, 'object.c'), bin);
    // A directory named like a source file.
    mkdirSync(join(t, 'dir.c'));

    const r = run(['--write', '-I', join(root, 'include'), t]);
    const err = r.stderr;
    expect(r.signal).toBeNull();
    expect(err).not.toMatch(/internal error|fatal|RangeError|Maximum call stack/);
    expect([0, 1]).toContain(r.status);
    // The good files, odd names included, are migrated.
    for (const p of ['good.c', 'sub dir/map with spaces.c', 'sub dir/ünïcødé/kärtä 映射.c']) expect(isLegacy(join(t, p)), p).toBe(false);
    // Per-file messages.
    // Not UTF-8 and legacy: left as it is, but an error, so that --check does not pass it.
    expect(err).toMatch(/latin1\.c: error: not valid UTF-8, and it names legacy map constructs/);
    expect(err).toMatch(/object\.c: skipped: binary file/);
    // Links met in a walk: a dangling one is skipped with a note, links to directories are not followed (no loop).
    expect(err).toMatch(/dangling\.c: skipped: dangling symbolic link/);
    expect(err).not.toMatch(/loop|back to top/);
    // Skipped files are left byte for byte.
    expect(readFileSync(join(t, 'object.c')).equals(bin)).toBe(true);
    expect(isLegacy(join(t, 'latin1.c'))).toBe(true);
    expect(lstatSync(join(t, 'linked.c')).isSymbolicLink()).toBe(true);
    expect(isLegacy(join(root, 'elsewhere', 'target.c'))).toBe(false);
  });

  it('reports a file that vanishes during the run and goes on', { timeout: 55_000 }, async () => {
    const t = join(root, 'vanish');
    mkdirSync(t);
    // The timing below needs reads to update an old atime (relatime or strictatime).
    const probe = join(t, 'probe');
    writeFileSync(probe, 'x');
    utimesSync(probe, new Date(Date.now() - 3600_000), new Date());
    const before = statSync(probe).atimeMs;
    readFileSync(probe);
    const atimeWorks = statSync(probe).atimeMs !== before;
    unlinkSync(probe);
    if (!atimeWorks) { if (process.env.CI) throw new Error('reads do not update atime here (noatime): the vanishing-file test cannot run'); console.warn('skipping: reads do not update atime on this file system (noatime)'); return; }
    // The first file (in path order) is slow to migrate, so the last one can be deleted after
    // the walk listed it and before it is read. The walk is over once the first file was read:
    // its atime moves (relatime updates an atime older than mtime).
    const r0 = new Rng(30);
    const slow: string[] = [];
    for (let i = 0; i < 40; i++) slow.push(legacy(100 + i).replace(/^#include[^\n]*\n/gm, i === 0 ? '$&' : ''));
    let big = slow.join('\n');
    while (big.length < 3 * 1024 * 1024) big += generatePlainFile(r0.fork(), 100_000).replace(/^#include[^\n]*\n/gm, '');
    writeFileSync(join(t, 'a-slow.c'), big);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(join(t, 'a-slow.c'), old, new Date());
    const atime0 = statSync(join(t, 'a-slow.c')).atimeMs;
    writeFileSync(join(t, 'b-stays.c'), legacy(7));
    writeFileSync(join(t, 'z-vanishes.c'), legacy(8));
    const child = spawn(process.execPath, [BIN, '--write', '-j', '1', '-I', join(root, 'include'), t], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.resume();
    const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const t0 = Date.now();
    let removed = false;
    while (Date.now() - t0 < 20_000 && child.exitCode === null) {
      if (statSync(join(t, 'a-slow.c')).atimeMs !== atime0) { unlinkSync(join(t, 'z-vanishes.c')); removed = true; break; }
      await new Promise((r) => setTimeout(r, 2));
    }
    const code = await done;
    expect(removed, 'could not delete the file in time').toBe(true);
    expect(stderr).not.toMatch(/internal error|fatal/);
    expect(stderr).toMatch(/z-vanishes\.c: (skipped|error): file vanished/);
    expect([0, 1]).toContain(code);
    expect(isLegacy(join(t, 'b-stays.c'))).toBe(false);
    expect(readdirSync(t).sort()).toEqual(['a-slow.c', 'b-stays.c']);
  });

  it('reports an unreadable file (as an unprivileged user) and goes on', { timeout: 55_000 }, () => {
    const who = spawnSync('id', ['-u'], { encoding: 'utf8' }).stdout.trim();
    const setpriv = spawnSync('setpriv', ['--version']).status === 0;
    const t = join(root, 'perm');
    mkdirSync(t);
    writeFileSync(join(t, 'readable.c'), legacy(9));
    writeFileSync(join(t, 'secret.c'), legacy(10));
    mkdirSync(join(t, 'locked'));
    writeFileSync(join(t, 'locked', 'inside.c'), legacy(11));
    const asNobody = who === '0' && setpriv;
    if (asNobody) {
      // nobody must be able to reach the CLI and write in the tree (temp file + rename).
      for (const p of [root, t, join(t, 'readable.c'), join(root, 'include'), ...readdirSync(join(root, 'include')).map((n) => join(root, 'include', n))]) chownSync(p, 65534, 65534);
      const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)})`]);
      if (probe.status !== 0) { if (process.env.CI) throw new Error('the unprivileged user cannot read the repository: the unreadable-file test cannot run'); console.warn('skipping: the unprivileged user cannot read the repository'); return; }
    } else if (who === '0') {
      console.warn('skipping: running as root without setpriv, chmod 000 does not stop root');
      return;
    }
    chmodSync(join(t, 'secret.c'), 0o000);
    chmodSync(join(t, 'locked'), 0o000);
    try {
      const r = run(['--write', '-I', join(root, 'include'), t], { asNobody });
      expect(r.signal).toBeNull();
      expect(r.stderr).not.toMatch(/internal error|fatal/);
      expect(r.stderr).toMatch(/secret\.c: (skipped|error): permission denied/);
      expect(r.stderr).toMatch(/locked: error: cannot read directory: EACCES/);
      expect([0, 1]).toContain(r.status);
      expect(isLegacy(join(t, 'readable.c'))).toBe(false);
    } finally {
      chmodSync(join(t, 'secret.c'), 0o644);
      chmodSync(join(t, 'locked'), 0o755);
    }
    expect(isLegacy(join(t, 'secret.c'))).toBe(true);
  });
});
