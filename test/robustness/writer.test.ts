/**
 * The --write contract (docs/writing-files.md), issue 15 rows 9-11: the file that was read is the
 * file replaced, what bpf-migrate does not own is kept (owner, group, mode whatever the umask,
 * xattrs, hard links), write permission is respected (as an unprivileged user: root writes
 * anything), and concurrent runs do not break each other.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, chownSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEMP_PATTERN, WriteRefused, sweepTempFiles, writeSourceFile } from '../../src/fs/atomic-write.js';
import { readSource } from '../../src/fs/read-source.js';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');
const INCLUDE = join(REPO, 'corpus', 'include');
const IS_ROOT = process.getuid?.() === 0;

const LEGACY = `#include <linux/types.h>
#include "bpf_elf.h"

struct bpf_elf_map __section("maps") counters = {
\t.type = BPF_MAP_TYPE_HASH,
\t.size_key = sizeof(__u32),
\t.size_value = sizeof(__u64),
\t.max_elem = 128,
};
`;

let root: string;

/** bpf-migrate in a child: as `nobody` (setpriv) when asked, under `umask` when given. */
function cli(args: string[], opts: { asNobody?: boolean; umask?: string } = {}) {
  const node = [process.execPath, BIN, '--color', 'never', '-I', INCLUDE, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const shell = `umask ${opts.umask ?? '022'}; exec ${opts.asNobody ? 'setpriv --reuid=65534 --regid=65534 --clear-groups ' : ''}${node}`;
  return spawnSync('sh', ['-c', shell], { encoding: 'utf8', timeout: 30_000 });
}

function isLegacy(path: string): boolean {
  return readFileSync(path, 'utf8').includes('struct bpf_elf_map');
}

function fresh(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Sets a user xattr with Python's os.setxattr (the attr tools are not installed everywhere). */
function setXattr(path: string, name: string, value: string): boolean {
  return spawnSync('python3', ['-c', 'import os,sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())', path, name, value]).status === 0;
}

function getXattr(path: string, name: string): string | undefined {
  const r = spawnSync('python3', ['-c', 'import os,sys; sys.stdout.write(os.getxattr(sys.argv[1], sys.argv[2]).decode())', path, name], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bpf-migrate-writer-'));
  chmodSync(root, 0o755);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('what the writer keeps', () => {
  it.runIf(IS_ROOT)('keeps owner, group and exact mode, whatever the umask (root writing a uid-1000 file)', () => {
    const dir = fresh('owner');
    const cases: [string, number][] = [['a.c', 0o640], ['b.c', 0o666], ['c.c', 0o664], ['d.c', 0o600]];
    for (const [name, mode] of cases) {
      writeFileSync(join(dir, name), LEGACY);
      chownSync(join(dir, name), 1000, 1001);
      chmodSync(join(dir, name), mode);
    }
    const r = cli(['--write', dir], { umask: '077' });
    expect(r.status, r.stderr).toBe(0);
    for (const [name, mode] of cases) {
      const st = statSync(join(dir, name));
      expect(isLegacy(join(dir, name)), name).toBe(false);
      expect([st.uid, st.gid, st.mode & 0o7777], name).toEqual([1000, 1001, mode]);
    }
  });

  it('keeps extended attributes', () => {
    const dir = fresh('xattr');
    const f = join(dir, 'labelled.c');
    writeFileSync(f, LEGACY);
    if (!setXattr(f, 'user.origin', 'vendor-import')) throw new Error('cannot set a user xattr here (python3 missing or the file system has none): this test cannot run');
    const inode = statSync(f).ino;
    const r = cli(['--write', f]);
    expect(r.status, r.stderr).toBe(0);
    expect(isLegacy(f)).toBe(false);
    expect(statSync(f).ino).not.toBe(inode); // replaced atomically, and still labelled
    expect(getXattr(f, 'user.origin')).toBe('vendor-import');
  });

  it('writes a file with several hard links in place: every name sees the migration', () => {
    const dir = fresh('links');
    const f = join(dir, 'shared.c');
    writeFileSync(f, LEGACY);
    linkSync(f, join(dir, 'other-name.c.txt'));
    const inode = statSync(f).ino;
    const r = cli(['--write', f]);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(f).ino).toBe(inode);
    expect(statSync(f).nlink).toBe(2);
    expect(isLegacy(f)).toBe(false);
    expect(readFileSync(join(dir, 'other-name.c.txt'), 'utf8')).toBe(readFileSync(f, 'utf8'));
  });

  it('writes through a symbolic link to the file it points to, and the link stays a link', () => {
    const dir = fresh('symlink');
    writeFileSync(join(dir, 'real.c'), LEGACY);
    symlinkSync('real.c', join(dir, 'alias.c'));
    const r = cli(['--write', join(dir, 'alias.c')]);
    expect(r.status, r.stderr).toBe(0);
    expect(isLegacy(join(dir, 'real.c'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['alias.c', 'real.c']);
  });
});

describe('write permission (run as nobody: root may write anything)', () => {
  it.runIf(IS_ROOT)("refuses files the user may not write, as Prettier and ESLint do, and migrates the others", () => {
    const dir = fresh('perm');
    chownSync(dir, 65534, 65534); // nobody may create temp files here
    const readOnly = join(dir, 'read-only.c');
    const rootOwned = join(dir, 'root-owned.c');
    const writable = join(dir, 'writable.c');
    for (const f of [readOnly, rootOwned, writable]) writeFileSync(f, LEGACY);
    chownSync(readOnly, 65534, 65534);
    chmodSync(readOnly, 0o444);
    chmodSync(rootOwned, 0o644);
    chownSync(writable, 65534, 65534);
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)})`]);
    if (probe.status !== 0) throw new Error('nobody cannot read the repository (or setpriv is missing): this test cannot run');
    const r = cli(['--write', dir], { asNobody: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/read-only\.c: error: cannot write: no write permission \(mode 0444\)/);
    expect(r.stderr).toMatch(/root-owned\.c: error: cannot write: no write permission \(mode 0644\)/);
    expect(isLegacy(readOnly)).toBe(true);
    expect(isLegacy(rootOwned)).toBe(true);
    expect(statSync(rootOwned).uid).toBe(0);
    expect(isLegacy(writable)).toBe(false);
    expect(readdirSync(dir).filter((n) => TEMP_PATTERN.test(n))).toEqual([]);
  });

  it.runIf(IS_ROOT)("writes a group-writable file of another owner in place: a replacement could not keep its owner", () => {
    const dir = fresh('group');
    chownSync(dir, 65534, 65534);
    const f = join(dir, 'shared.c');
    writeFileSync(f, LEGACY);
    chownSync(f, 0, 65534);
    chmodSync(f, 0o664);
    const inode = statSync(f).ino;
    const r = cli(['--write', f], { asNobody: true });
    expect(r.status, r.stderr).toBe(0);
    expect(isLegacy(f)).toBe(false);
    const st = statSync(f);
    expect([st.ino, st.uid, st.gid, st.mode & 0o7777]).toEqual([inode, 0, 65534, 0o664]);
    expect(readdirSync(dir).filter((n) => TEMP_PATTERN.test(n))).toEqual([]);
  });
});

describe('the file that was read is the file written', () => {
  function readFor(path: string) {
    const read = readSource(path);
    if (!read.ok || !read.identity) throw new Error(`cannot read ${path}`);
    return read;
  }

  it('refuses when the path became a symbolic link after the read, and leaves the link target alone', () => {
    const dir = fresh('swap-link');
    const f = join(dir, 'big.c');
    const victim = join(dir, 'victim');
    writeFileSync(f, LEGACY);
    writeFileSync(victim, 'precious\n');
    const read = readFor(f);
    renameSync(f, join(dir, 'moved-away.c'));
    symlinkSync(victim, f);
    // realpath now resolves to the victim: a different file from the one read.
    expect(() => writeSourceFile(f, 'migrated text', read.identity)).toThrow(WriteRefused);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readdirSync(dir).filter((n) => TEMP_PATTERN.test(n))).toEqual([]);
  });

  it('refuses when the path names another file than the one read (replaced by a rename)', () => {
    const dir = fresh('swap-file');
    const f = join(dir, 'prog.c');
    writeFileSync(f, LEGACY);
    const read = readFor(f);
    writeFileSync(join(dir, 'new.c'), LEGACY);
    renameSync(join(dir, 'new.c'), f);
    expect(() => writeSourceFile(f, 'migrated text', read.identity)).toThrow(WriteRefused);
    expect(readFileSync(f, 'utf8')).toBe(LEGACY);
  });

  it('refuses when the file was edited since it was read, unless it already holds the new text', () => {
    const dir = fresh('edited');
    const f = join(dir, 'prog.c');
    writeFileSync(f, LEGACY);
    const read = readFor(f);
    writeFileSync(f, `${LEGACY}/* saved from an editor meanwhile */\n`);
    expect(() => writeSourceFile(f, 'migrated text', read.identity)).toThrow(WriteRefused);
    expect(readFileSync(f, 'utf8')).toMatch(/saved from an editor/);
    // A concurrent run wrote the same migration: nothing to do, no error.
    writeFileSync(f, 'migrated text');
    expect(() => writeSourceFile(f, 'migrated text', read.identity)).not.toThrow();
  });
});

describe('concurrent runs', () => {
  it('a sweep removes temp files of dead runs only', () => {
    const dir = fresh('sweep');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const mine = `.a.c.bpf-migrate-${process.pid}-0123abcd.tmp`;
    const gone = `.b.c.bpf-migrate-${dead}-0123abcd.tmp`;
    for (const n of [mine, gone, 'b.c']) writeFileSync(join(dir, n), 'x');
    expect(sweepTempFiles(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([mine, 'b.c'].sort());
  });

  it('two --write runs on one tree both finish without errors, and every file is migrated once', { timeout: 60_000 }, async () => {
    const dir = fresh('two-runs');
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `f${String(i).padStart(3, '0')}.c`), LEGACY.replace('counters', `counters_${i}`));
    const start = () => {
      const child = spawn(process.execPath, [BIN, '--write', '-q', '-j', '1', '-I', INCLUDE, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      return new Promise<{ code: number | null; stderr: string }>((res) => child.on('exit', (code) => res({ code, stderr })));
    };
    const first = start();
    // The second starts while the first is writing: its start-up sweep meets the first's temp files.
    for (let i = 0; i < 2000 && readdirSync(dir).every((n) => !TEMP_PATTERN.test(n)) && !(await Promise.race([first.then(() => true), Promise.resolve(false)])); i++) {
      await new Promise((r) => setTimeout(r, 1));
    }
    const second = start();
    const [a, b] = await Promise.all([first, second]);
    expect(a.stderr).not.toMatch(/error/);
    expect(b.stderr).not.toMatch(/error/);
    expect([a.code, b.code]).toEqual([0, 0]);
    const names = readdirSync(dir);
    expect(names.filter((n) => TEMP_PATTERN.test(n))).toEqual([]);
    expect(names.filter((n) => isLegacy(join(dir, n)))).toEqual([]);
  });
});
