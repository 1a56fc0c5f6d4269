/**
 * Real trees as they come, through the CLI and into the kernel: a Cilium-shaped tree run with no
 * flags, the same tree built under two configurations from a compile_commands.json, a legacy map a
 * macro hides from the rules named from the compiled object, and a program the verifier rejects.
 */
import { describe, expect } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { itNeeds } from './loader/env.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CILIUM_LIKE = join(HERE, 'trees/cilium-like');
const LOAD = ['clang', 'libbpfHeaders', 'libbpf', 'privileged'] as const;

function copyOf(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-build-'));
  cpSync(src, dir, { recursive: true });
  return dir;
}

/** Runs the CLI in `cwd` (relative paths in the output are relative to it). */
async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => '', stdoutIsTTY: false, stderrIsTTY: false, cwd };
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await execute(argv, io);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

interface JsonReport { files: { path: string; status: string; diagnostics: { ruleId: string; messageId: string; severity: string }[] }[] }

describe('a Cilium-like tree with no flags', () => {
  itNeeds(['clang'], 'finds every header, says which -I it inferred, and evaluates every id', async () => {
    const dir = copyOf(CILIUM_LIKE);
    const r = await run(['--json', 'bpf/'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    const all = report.files.flatMap((f) => f.diagnostics);
    expect(all.filter((d) => d.messageId === 'unresolvedInclude')).toEqual([]);
    expect(all.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.stderr.match(/inferred -I bpf\/include -I bpf\b/g)).toHaveLength(1);
    expect(report.files.find((f) => f.path === 'bpf/bpf_lxc.c')?.status).toBe('changed');
  });

  itNeeds([...LOAD], 'migrates, and the inferred -I compile both sides: the kernel holds the same maps and slots', async () => {
    const dir = copyOf(CILIUM_LIKE);
    const r = await run(['--write', '--verify', '--prog-type', 'sched_cls', 'bpf/'], dir);
    expect(r.stderr).not.toMatch(/: error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bpf\/bpf_lxc\.c \(legacy: .*\): equivalent$/m);
    expect(r.stdout).toMatch(/cilium_calls_02748\s+slot\[7\]\s+tail_handle_ipv4\s+tail_handle_ipv4\s+ok/);
    const migrated = readFileSync(join(dir, 'bpf/bpf_lxc.c'), 'utf8');
    expect(migrated).toContain('[CILIUM_CALL_IPV4_FROM_LXC] = (void *)&tail_handle_ipv4,');
    expect(migrated).not.toContain('__section_maps');
  }, 120_000);
});

describe('the same tree with a compilation database', () => {
  /** bear's shape: one entry per compiler run, absolute directory, Cilium's -emit-llvm pipeline. */
  function withDatabase(dir: string): void {
    mkdirSync(join(dir, 'build'));
    const bpf = join(dir, 'bpf');
    writeFileSync(join(dir, 'build/compile_commands.json'), JSON.stringify([
      { directory: bpf, file: 'bpf_lxc.c', output: 'bpf_lxc.o', arguments: ['clang', '-O2', '-target', 'bpf', '-Iinclude', '-I.', '-Wall', '-emit-llvm', '-c', 'bpf_lxc.c', '-o', 'bpf_lxc.o'] },
      { directory: bpf, file: 'bpf_lxc.c', output: 'bpf_lxc_v6.o', command: 'clang -O2 -target bpf -Iinclude -I. -DENABLE_IPV6 -Wall -emit-llvm -c bpf_lxc.c -o bpf_lxc_v6.o' },
    ], null, 2));
  }

  itNeeds([...LOAD], 'verifies the object once per entry, each compiled with its own flags', async () => {
    const dir = copyOf(CILIUM_LIKE);
    withDatabase(dir);
    const r = await run(['--write', '--verify', '--prog-type', 'sched_cls', 'bpf/bpf_lxc.c'], dir);
    expect(r.code).toBe(0);
    const verdicts = r.stdout.split('\n').filter((l) => /^bpf\/bpf_lxc\.c \[/.test(l));
    expect(verdicts).toEqual([
      'bpf/bpf_lxc.c [entry 1 of 2] (legacy: bpf/bpf_lxc.c [entry 1 of 2] (before)): equivalent',
      'bpf/bpf_lxc.c [-DENABLE_IPV6] (legacy: bpf/bpf_lxc.c [-DENABLE_IPV6] (before)): equivalent',
    ]);
    // Only the IPv6 build has the IPv6 tail program in its prog array.
    expect(r.stdout.match(/slot\[10\]\s+tail_handle_ipv6\s+tail_handle_ipv6\s+ok/g)).toHaveLength(1);

    // verify alone, with -p naming the build directory: the same two objects, loaded as migrated.
    const again = await run(['verify', '-p', 'build', '--prog-type', 'sched_cls', 'bpf/bpf_lxc.c'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').filter((l) => /^bpf\/bpf_lxc\.c \[.*\]: equivalent$/.test(l))).toHaveLength(2);
  }, 180_000);

  itNeeds(['clang'], 'a -p that holds no database is a usage error', async () => {
    const dir = copyOf(CILIUM_LIKE);
    const r = await run(['--check', '-p', 'bpf', 'bpf/'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/compile_commands\.json/);
  });
});

describe('--check --compile: the object is the proof', () => {
  itNeeds(['clang', 'libbpfHeaders'], 'names a legacy map that a macro hides from the rules, with the macro and its line', async () => {
    const dir = copyOf(join(HERE, 'fixtures/object-check'));
    const r = await run(['--check', '--compile', 'counters.c'], dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[object-check/legacyMapLeft]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^counters\.c: .*'counter_map'.*counters\.c:26 by macro DECLARE_COUNTER_MAP/);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'passes a tree whose migrated objects hold BTF maps only', async () => {
    const dir = copyOf(CILIUM_LIKE);
    await run(['--write', 'bpf/'], dir);
    const r = await run(['--check', '--compile', 'bpf/'], dir);
    expect(r.stderr).not.toMatch(/object-check/);
    expect(r.code).toBe(0);
  });
});

describe('verify when the verifier rejects a program', () => {
  itNeeds([...LOAD], 'compares the maps, reports the rejection with the log tail and the full log path, in under 60 lines', async () => {
    const dir = copyOf(join(HERE, 'fixtures/verifier-rejected'));
    const r = await run(['--write', '--verify', 'classifier.c'], dir);
    expect(r.code).toBe(1);
    const out = `${r.stdout}${r.stderr}`;
    expect(out.trimEnd().split('\n').length).toBeLessThan(60);
    expect(r.stdout).toMatch(/^classifier\.c \(legacy: .*\): verifier rejected 1 program; maps equivalent$/m);
    expect(r.stdout).toMatch(/parse_unchecked\s+program\s+-\s+rejected by verifier\s+DIFFERS/);
    // The rejected program's slot is compared too (from the object), as are the other maps.
    expect(r.stdout).toMatch(/jmp_map\s+slot\[0\]\s+parse_unchecked\s+parse_unchecked\s+ok/);
    expect(r.stdout).toMatch(/jmp_map\s+slot\[1\]\s+pass\s+pass\s+ok/);
    expect(r.stdout).toMatch(/counters\s+max_entries\s+64\s+64\s+ok/);
    expect(r.stdout).toMatch(/invalid access to packet/);
    const logPath = /full log in (\S+):$/m.exec(r.stdout)?.[1];
    expect(logPath && existsSync(logPath)).toBeTruthy();
    const full = readFileSync(logPath!, 'utf8');
    expect(full.split('\n').length).toBeGreaterThan(300);
    expect(full).toMatch(/processed \d+ insns/);
  }, 120_000);
});
