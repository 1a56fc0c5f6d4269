/**
 * Inputs that must not hang, grow or slip through (issue 15 rows 1-4): devices, FIFOs and /proc
 * files, named or met in a walk or an #include; files over the size cap; NUL bytes and CR line
 * endings in legacy files; stdin that is not UTF-8. Each child has a time-out so that a hang
 * fails the test instead of stalling the suite.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_SOURCE_BYTES } from '../../src/fs/read-source.js';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');
const INCLUDE = join(REPO, 'corpus', 'include');

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

function cli(args: string[], input?: Buffer | string) {
  return spawnSync(process.execPath, [BIN, '--color', 'never', '-I', INCLUDE, ...args], { input, timeout: 20_000, maxBuffer: 256 << 20 });
}

/** stdin from a file descriptor (a device, a file), as `bpf-migrate - < path` does. */
function cliWithStdinFrom(path: string, args: string[]) {
  const fd = openSync(path, 'r');
  try {
    return spawnSync(process.execPath, [BIN, '--color', 'never', ...args], { stdio: [fd, 'pipe', 'pipe'], timeout: 20_000 });
  } finally {
    closeSync(fd);
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bpf-migrate-special-'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('special files', () => {
  it('refuses a device, a FIFO or a /proc file named on the command line with exit 2, at once', () => {
    const fifo = join(root, 'named.c');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', fifo, '/proc/self/status']) {
      const r = cli(['--check', path]);
      expect(r.signal, `${path} hung`).toBeNull();
      expect(r.status, path).toBe(2);
      expect(r.stderr.toString(), path).toMatch(/not a regular file|not source/);
    }
  });

  it('skips FIFOs and device links met in a walk, with a note, and migrates the rest', () => {
    const tree = join(root, 'tree-with-fifo');
    mkdirSync(tree);
    execFileSync('mkfifo', [join(tree, 'pipe.c')]);
    execFileSync('ln', ['-s', '/dev/zero', join(tree, 'zero.h')]);
    writeFileSync(join(tree, 'prog.c'), LEGACY);
    const r = cli(['--write', tree]);
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr.toString()).toBe(0);
    expect(r.stderr.toString()).toMatch(/pipe\.c: skipped: a FIFO/);
    expect(r.stderr.toString()).toMatch(/zero\.h: skipped: a character device/);
    expect(readFileSync(join(tree, 'prog.c'), 'utf8')).not.toMatch(/bpf_elf_map/);
  });

  it('does not read an #include that resolves to /proc/kmsg or a FIFO (as root, reading them blocks)', () => {
    const dir = join(root, 'include-kmsg');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, 'fifo.h')]);
    writeFileSync(join(dir, 'prog.c'), `#include "${'../'.repeat(12)}proc/kmsg"\n#include "fifo.h"\n${LEGACY}`);
    const r = cli(['--check', join(dir, 'prog.c')]);
    expect(r.signal, 'the run hung on an include').toBeNull();
    expect(r.status).toBe(1); // a file to migrate, as without those includes
  });

  it('refuses a file over the size cap as an error for that file, without reading it', () => {
    const dir = join(root, 'huge');
    mkdirSync(dir);
    const big = join(dir, 'huge.c');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, MAX_SOURCE_BYTES + 1); // sparse: costs no disk
    closeSync(fd);
    writeFileSync(join(dir, 'prog.c'), LEGACY);
    const r = cli(['--check', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toMatch(/huge\.c: error: .*limit/);
    expect(r.stdout.toString()).toMatch(/prog\.c/);
  });
});

describe('text, not bytes', () => {
  it('a legacy file with a NUL byte or CR-only line endings is an error for --check, and left byte for byte', () => {
    const dir = join(root, 'odd-text');
    mkdirSync(dir);
    const nul = Buffer.from(`/* a\0b */\n${LEGACY}`);
    const cr = Buffer.from(LEGACY.replace(/\n/g, '\r'));
    writeFileSync(join(dir, 'nul.c'), nul);
    writeFileSync(join(dir, 'mac.c'), cr);
    for (const [name, bytes] of [['nul.c', nul], ['mac.c', cr]] as const) {
      const check = cli(['--check', join(dir, name)]);
      expect(check.status, name).toBe(1);
      expect(check.stderr.toString(), name).toMatch(new RegExp(`${name}: error: `));
      const write = cli(['--write', join(dir, name)]);
      expect(write.status, name).toBe(1);
      expect(readFileSync(join(dir, name)).equals(bytes), name).toBe(true);
    }
  });

  it('a file with NUL bytes and no legacy constructs is skipped, an object file named .c too', () => {
    const dir = join(root, 'binary');
    mkdirSync(dir);
    writeFileSync(join(dir, 'data.c'), Buffer.from('int x;\0\n'));
    writeFileSync(join(dir, 'object.c'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0xff, 0xfe]), Buffer.from('struct bpf_elf_map')]));
    const r = cli(['--check', dir]);
    expect(r.status).toBe(0);
    expect(r.stderr.toString()).toMatch(/data\.c: skipped/);
    expect(r.stderr.toString()).toMatch(/object\.c: skipped: binary/);
  });
});

describe('stdin', () => {
  it('gives back unchanged bytes exactly (BOM, CRLF, non-ASCII) and migrates the rest', () => {
    const plain = Buffer.from('\uFEFF/* café — 映射 */\r\nint x;\r\n');
    const r = cli(['-'], plain);
    expect(r.status).toBe(0);
    expect(r.stdout.equals(plain)).toBe(true);
    const migrated = cli(['-', '--stdin-filename', join(REPO, 'corpus', 'prog.c')], LEGACY);
    expect(migrated.status).toBe(0);
    expect(migrated.stdout.toString()).toMatch(/\(".maps"\)/);
  });

  it('refuses input that is not UTF-8 (Latin-1, binary) with exit 2 and writes nothing to stdout', () => {
    const latin1 = Buffer.concat([Buffer.from('/* caf'), Buffer.from([0xe9]), Buffer.from(' */\n'), Buffer.from(LEGACY)]);
    const binary = Buffer.alloc(1 << 20);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 131 + 7) & 0xff;
    for (const [what, bytes] of [['latin1', latin1], ['binary', binary]] as const) {
      const r = cli(['-'], bytes);
      expect(r.status, what).toBe(2);
      expect(r.stdout.length, what).toBe(0);
    }
  });

  it('refuses a device on stdin at once, and a stream past the size cap', () => {
    const dev = cliWithStdinFrom('/dev/zero', ['-']);
    expect(dev.signal, '- < /dev/zero hung').toBeNull();
    expect(dev.status).toBe(2);
    const r = spawnSync('sh', ['-c', `head -c ${MAX_SOURCE_BYTES + 4096} /dev/zero | '${process.execPath}' '${BIN}' -`], { timeout: 30_000, maxBuffer: 1 << 20 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
  });
});
