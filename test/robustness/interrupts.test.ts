/**
 * The smaller findings of issue 15: `--write --verify` without the privileges to load refuses
 * before writing (exit 2, as documented), and SIGTERM or SIGINT during a verify leaves no
 * temporary directory behind.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'bpf-migrate.js');
const FIXTURES = join(REPO, 'test', 'loader', 'fixtures');

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bpf-migrate-interrupts-'));
  chmodSync(root, 0o755);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('--write --verify without privileges', () => {
  it.runIf(process.getuid?.() === 0)('exits 2 and writes nothing (run as nobody)', () => {
    const dir = join(root, 'unprivileged');
    mkdirSync(dir);
    for (const f of ['hash.legacy.c', 'legacy_api.h']) copyFileSync(join(FIXTURES, f), join(dir, f));
    for (const p of [dir, join(dir, 'hash.legacy.c'), join(dir, 'legacy_api.h')]) chownSync(p, 65534, 65534);
    const before = readFileSync(join(dir, 'hash.legacy.c'));
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '--write', '--verify', join(dir, 'hash.legacy.c')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(readFileSync(join(dir, 'hash.legacy.c')).equals(before)).toBe(true);
  });
});

describe('interrupted verify', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} while clang runs leaves no temporary directory`, { timeout: 30_000 }, async () => {
      const tmp = join(root, `tmp-${signal}`);
      mkdirSync(tmp);
      const child = spawn(process.execPath, [BIN, 'verify', '--against', 'hash.legacy.c', 'hash.migrated.c'], {
        cwd: FIXTURES, env: { ...process.env, TMPDIR: tmp, BPF_MIGRATE_CACHE: 'off' }, stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, sig) => res(sig)));
      // As soon as a compile's temp directory exists, the run is interrupted.
      while (child.exitCode === null && !readdirSync(tmp).some((n) => n.startsWith('bpf-migrate-cc-'))) await new Promise((r) => setTimeout(r, 1));
      expect(child.exitCode, 'verify finished before a compile started').toBeNull();
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(tmp)).toEqual([]);
    });
  }
});
