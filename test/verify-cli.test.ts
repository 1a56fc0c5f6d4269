/** `bpf-migrate verify` and `--write --verify` through the real binary, loading into the kernel. */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CORPUS, CORPUS_INCLUDE } from './support/corpus.js';

const BIN = join(ROOT, 'bin', 'bpf-migrate.js');
const FIX = join(ROOT, 'test', 'loader', 'fixtures');
const CASE = join(CORPUS, 'tail-call-prog-array');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, '--color', 'never', '-I', CORPUS_INCLUDE, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const trees: string[] = [];
afterAll(() => {
  for (const d of trees) rmSync(d, { recursive: true, force: true });
});

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-verify-'));
  trees.push(dir);
  copyFileSync(join(CASE, 'entry-case-exit-chain.input.c'), join(dir, 'prog.c'));
  return dir;
}

describe('verify through the CLI', () => {
  it('--write --verify migrates and proves each changed file equivalent', () => {
    const dir = tree();
    const r = cli(['--write', '--verify', dir]);
    expect(r.stderr).not.toMatch(/: error/);
    expect(r.stdout).toMatch(/prog\.c: migrated/);
    expect(r.stdout).toMatch(/: equivalent\n/);
    expect(r.stdout).toMatch(/slot\[0\]\s+\S+\s+\S+\s+ok/);
    expect(r.code).toBe(0);
  });

  it('verify --against HEAD compares the working file with its legacy version in git', () => {
    const dir = tree();
    const git = (...a: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], { stdio: 'ignore' });
    git('init', '-q');
    git('add', 'prog.c');
    git('commit', '-qm', 'legacy');
    expect(cli(['--write', dir]).code).toBe(0);
    const r = cli(['verify', '--against', 'HEAD', dir]);
    expect(r.stdout).toMatch(/prog\.c \(legacy: HEAD:.*prog\.c\): equivalent/);
    expect(r.code).toBe(0);
  });

  it('verify FILE reports the maps the kernel holds for a migrated file', () => {
    const r = cli(['verify', join(CASE, 'entry-case-exit-chain.output.c')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PROG_ARRAY/);
  });

  it('verify --against catches a wrong migration and names the field (exit 1)', () => {
    const dir = tree();
    const legacy = join(dir, 'prog.c');
    const wrong = join(dir, 'wrong.c');
    writeFileSync(wrong, readFileSync(join(CASE, 'entry-case-exit-chain.output.c'), 'utf8').replace(/__uint\(max_entries, [^)]+\)/, '__uint(max_entries, 7)'));
    const r = cli(['verify', '--against', legacy, wrong]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/max_entries\s+\d+\s+7\s+DIFFERS/);
  });

  it('verify --against: BTF types the kernel rejected (libbpf retried without BTF) are a difference (exit 1)', () => {
    const r = cli(['verify', '--against', join(FIX, 'btf.legacy.c'), join(FIX, 'btf.rejected.c')]);
    expect(r.stdout).toMatch(/btf\.rejected\.c \(legacy: .*btf\.legacy\.c\): DIFFERENT/);
    expect(r.stdout).toMatch(/bt_wide_key\s+btf\s+-\s+rejected by the kernel \(libbpf retried without BTF\)\s+DIFFERS/);
    expect(r.code).toBe(1);
    const json = JSON.parse(cli(['verify', '--json', '--against', join(FIX, 'btf.legacy.c'), join(FIX, 'btf.rejected.c')]).stdout);
    expect(json.verify[0].maps[0].btf).toMatchObject({ status: 'rejected', error: expect.stringMatching(/Invalid argument/) });
  });

  it('verify --against: a libbpf 0.x legacy file (struct bpf_map_def, no definition in libbpf 1.x) compiles by itself', () => {
    const r = cli(['verify', '--against', join(FIX, 'mapdef.legacy.c'), join(FIX, 'mapdef.migrated.c')]);
    expect(r.stdout).toMatch(/: equivalent\n/);
    expect(r.stdout).toMatch(/legacy .*mapdef\.legacy\.c: struct bpf_map_def is used but no header defines it/);
    expect(r.code).toBe(0);
  });
});

describe('verify through the CLI: half-migrated files (BTF maps already in the legacy file)', () => {
  it('--write --verify on a mixed file: the maps that were BTF already are compared, not reported missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-verify-mixed-'));
    trees.push(dir);
    copyFileSync(join(FIX, 'mixed.legacy.c'), join(dir, 'mixed.c'));
    copyFileSync(join(FIX, 'legacy_api.h'), join(dir, 'legacy_api.h'));
    const r = cli(['--write', '--verify', join(dir, 'mixed.c')]);
    expect(r.stdout).toMatch(/mixed\.c: migrated mx_seen, mx_stats/);
    expect(r.stdout).toMatch(/mixed\.c \(legacy: .*mixed\.c \(before\)\): equivalent\n/);
    expect(r.stdout).toMatch(/mx_flow\s+key_size\s+12\s+12\s+ok/);
    expect(r.stdout).not.toMatch(/missing|DIFFERS/);
    expect(r.code).toBe(0);
  });

  it('verify --against: a changed map that was BTF already is a difference (exit 1)', () => {
    const r = cli(['verify', '--against', join(FIX, 'mixed.legacy.c'), join(FIX, 'mixed.btf-changed.c')]);
    expect(r.stdout).toMatch(/mixed\.btf-changed\.c \(legacy: .*mixed\.legacy\.c\): DIFFERENT/);
    expect(r.stdout).toMatch(/mx_flow\s+max_entries\s+256\s+512\s+DIFFERS/);
    expect(r.stdout).toMatch(/mx_events\s+map\s+present\s+missing\s+DIFFERS/);
    expect(r.code).toBe(1);
  });

  it('verify --against: a legacy file with only BTF maps is equivalent to itself (exit 0)', () => {
    const r = cli(['verify', '--json', '--against', join(FIX, 'btf-only.legacy.c'), join(FIX, 'btf-only.legacy.c')]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout).verify[0];
    expect(v.status).toBe('equivalent');
    expect(v.expected.map((m: { name: string; alreadyBtf?: boolean }) => [m.name, m.alreadyBtf])).toEqual([['bo_jmp', true], ['bo_conn', true]]);
  });
});
