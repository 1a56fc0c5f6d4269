/**
 * Clang-style flags as users copy them from Makefiles (`-IDIR`, `-I ./DIR`, `-DNAME=VAL`,
 * `--cflags "-include x.h"`), in any position relative to the paths, through `execute` in-process.
 * Each spelling is checked by its effect: a file migrates as with `-I DIR` only when the include
 * directory is honoured, and a verified file compiles, with the map size the macro gives, only
 * when the define reaches clang.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_INCLUDE } from '../support/corpus.js';
import { execute, normaliseArgv } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

/** A legacy map whose migration depends on what bpf_api.h (found only through -I) defines. */
const LEGACY = `#include "bpf_api.h"

/* per-flow counters */
struct bpf_elf_map __section("maps") flows = {
\t.type\t\t= BPF_MAP_TYPE_HASH,
\t.size_key\t= sizeof(__u32),
\t.size_value\t= sizeof(__u64),
\t.max_elem\t= 1024,
\t.pinning\t= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_main(struct __sk_buff *skb)
{
\treturn 0;
}

BPF_LICENSE("GPL");
`;

/** An already-migrated object that compiles only when MAP_SIZE is defined, and sizes its map by it. */
const SIZED_BY_MACRO = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "extra.h"

#ifndef MAP_SIZE
#error "MAP_SIZE must be given with -D"
#endif

struct {
\t__uint(type, BPF_MAP_TYPE_ARRAY);
\t__type(key, __u32);
\t__type(value, __u64);
\t__uint(max_entries, MAP_SIZE);
} counts SEC(".maps");

SEC("xdp")
int pass(struct xdp_md *ctx)
{
\treturn XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;

interface Run { code: number; stdout: string; stderr: string }

async function run(argv: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    readStdin: async () => stdin,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: process.cwd(),
  };
  const code = await execute(['--color', 'never', ...argv], io);
  return { code, stdout, stderr };
}

let dir: string;
let prevCwd: string;
let prevCache: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bpf-migrate-flags-'));
  // The headers live only in include/: "bpf_api.h" is not next to the source.
  cpSync(CORPUS_INCLUDE, join(dir, 'include'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'prog.c'), LEGACY);
  // Relative spellings (-Iinclude, -I./include) are relative to the working directory.
  prevCwd = process.cwd();
  process.chdir(dir);
  prevCache = process.env.BPF_MIGRATE_CACHE;
  process.env.BPF_MIGRATE_CACHE = join(dir, 'cache');
});
afterEach(() => {
  process.chdir(prevCwd);
  if (prevCache === undefined) delete process.env.BPF_MIGRATE_CACHE; else process.env.BPF_MIGRATE_CACHE = prevCache;
  rmSync(dir, { recursive: true, force: true });
});

describe('normaliseArgv', () => {
  it('splits attached -I/-D values and joins values that start with -', () => {
    expect(normaliseArgv(['-Iinc', '-I', 'a', '-I./b', '-DX', '-DX=1', '-D', 'Y', 'p.c', '--cflags', '-DFOO -include x.h', '--include-dir', '-odd', '--define', 'Z']))
      .toEqual(['--include-dir=inc', '--include-dir=a', '--include-dir=./b', '--define=X', '--define=X=1', '--define=Y', 'p.c', '--cflags=-DFOO -include x.h', '--include-dir=-odd', '--define=Z']);
  });

  it('leaves everything after -- alone, and what yargs already reads', () => {
    expect(normaliseArgv(['-w', '-q', '-j', '2', '--include-dir=x', '-I=y', '--', '-Ifile.c', '-D']))
      .toEqual(['-w', '-q', '-j', '2', '--include-dir=x', '-I=y', '--', '-Ifile.c', '-D']);
  });
});

/** The unresolved-include diagnostics for LEGACY on stdin, as src/prog.c, with these flags (by id). */
async function unresolvedIncludes(flags: string[]): Promise<string[]> {
  const r = await run(['--json', ...flags, '--stdin-filename', 'src/prog.c', '-'], LEGACY);
  const report = JSON.parse(r.stdout) as { files: { diagnostics: { ruleId: string; messageId: string }[] }[] };
  return report.files[0].diagnostics.filter((d) => d.messageId === 'unresolvedInclude').map((d) => `${d.ruleId}/${d.messageId}`);
}

describe('-I spellings (migrate)', () => {
  /** What `-I <absolute dir>` (a spelling that always worked) writes, and what no -I writes. */
  async function references(): Promise<{ withInclude: string; without: string }> {
    const withInclude = await run(['-I', join(dir, 'include'), '-'], LEGACY);
    const without = await run(['-'], LEGACY);
    expect(withInclude.code).toBe(0);
    expect(await unresolvedIncludes(['-I', join(dir, 'include')])).toEqual([]);
    expect(await unresolvedIncludes([])).toEqual(['btf-map-includes/unresolvedInclude']);
    expect(withInclude.stdout).not.toBe(without.stdout);
    return { withInclude: withInclude.stdout, without: without.stdout };
  }

  const spellings: string[][] = [
    ['-Iinclude', 'src/prog.c'],
    ['-I', 'include', 'src/prog.c'],
    ['-I./include', 'src/prog.c'],
    ['-I', './include', 'src/prog.c'],
    ['--include-dir=include', 'src/prog.c'],
    ['--include-dir', './include', 'src/prog.c'],
    ['src/prog.c', '-Iinclude'],
    ['src/prog.c', '-I./include'],
    ['src/prog.c', '-I', 'include'],
    ['src/prog.c', '--include-dir=./include'],
    ['-I./nothing-here', '-I./include', 'src/prog.c'],
    ['-Iinclude', '-I./nothing-here', 'src/prog.c'],
    ['-q', '-j', '1', '-I./include', 'src/prog.c'],
    ['-qj1', 'src/prog.c', '-Iinclude'],
    ['-I=./include', 'src/prog.c'],
  ];
  for (const args of spellings) {
    it(`--write ${args.join(' ')}`, async () => {
      const { withInclude } = await references();
      expect(await unresolvedIncludes(args.filter((a) => a !== 'src/prog.c'))).toEqual([]);
      const r = await run(['--write', ...args]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'src', 'prog.c'), 'utf8')).toBe(withInclude);
    });
  }

  it('--write before the path and -I./DIR after it: the -I is not dropped', async () => {
    const { withInclude } = await references();
    const r = await run(['--write', 'src/prog.c', '-I./include']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'src', 'prog.c'), 'utf8')).toBe(withInclude);
  });

  it('dry run and --check honour -IDIR too', async () => {
    const { withInclude } = await references();
    const dry = await run(['src/prog.c', '-Iinclude']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+#include <bpf/bpf_helpers.h>');
    expect(dry.stdout).not.toContain('+#ifndef __uint');
    const check = await run(['--check', '-I./include', 'src/prog.c']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/prog\.c: needs migration \(flows\)/);
    expect(withInclude).toContain('#include <bpf/bpf_helpers.h>');
  });

  it('stdin with -IDIR and --stdin-filename', async () => {
    const { withInclude } = await references();
    const r = await run(['-Iinclude', '--stdin-filename', 'src/prog.c', '-'], LEGACY);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(withInclude);
  });

  it('a path that looks like a number stays that path', async () => {
    mkdirSync(join(dir, '010'));
    writeFileSync(join(dir, '010', 'prog.c'), LEGACY);
    const r = await run(['--check', '-Iinclude', '010']);
    expect(r.stdout).toMatch(/^010\/prog\.c: needs migration/);
    expect(r.code).toBe(1);
  });

  it('a -I directory that does not exist is a warning, not silence', async () => {
    const r = await run(['-I./inlcude', 'src/prog.c']);
    expect(r.stderr).toContain("warning: -I ./inlcude: no such directory");
    expect((await run(['-q', '-I./inlcude', 'src/prog.c'])).stderr).not.toContain('no such directory');
  });
});

describe('usage errors still exit 2 with a message', () => {
  const cases: [string[], RegExp][] = [
    [['src/prog.c', '-I'], /-I needs a value/],
    [['verify', 'x.c', '--cflags'], /--cflags needs a value/],
    [['--bogus-option', 'src/prog.c'], /Unknown argument: bogus-option\n/],
    [['-Z', 'src/prog.c'], /Unknown argument: Z/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/--help/);
    });
  }

  it('--help still prints usage', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/-I, --include-dir/);
  });
});

describe('-D, --cflags and -I spellings (verify)', () => {
  /** The file's verify report, from `verify --json` with `args`. */
  async function verify(args: string[]): Promise<{ code: number; status: string; maxEntries?: number; text: string }> {
    const r = await run(['verify', '--json', ...args]);
    const report = JSON.parse(r.stdout) as { verify: { status: string; messages: string[]; maps?: { name: string; maxEntries: number }[] }[] };
    const v = report.verify[0];
    return { code: r.code, status: v.status, maxEntries: v.maps?.find((m) => m.name === 'counts')?.maxEntries, text: r.stdout + r.stderr };
  }

  beforeEach(() => {
    writeFileSync(join(dir, 'src', 'sized.c'), SIZED_BY_MACRO);
    writeFileSync(join(dir, 'src', 'extra.h'), '/* nothing by default */\n');
    writeFileSync(join(dir, 'size7.h'), '#define MAP_SIZE 7\n');
  });

  it('without a define the file does not compile', async () => {
    const v = await verify(['src/sized.c']);
    expect(v.status).toBe('compile-error');
    expect(v.text).toMatch(/MAP_SIZE must be given with -D/);
    expect(v.code).toBe(1);
  });

  const spellings: [string[], number][] = [
    [['-DMAP_SIZE=16', 'src/sized.c'], 16],
    [['-DMAP_SIZE', 'src/sized.c'], 1],
    [['-D', 'MAP_SIZE=32', 'src/sized.c'], 32],
    [['--define=MAP_SIZE=4', 'src/sized.c'], 4],
    [['--define', 'MAP_SIZE=5', 'src/sized.c'], 5],
    [['src/sized.c', '-DMAP_SIZE=6'], 6],
    [['src/sized.c', '-D', 'MAP_SIZE=8'], 8],
    [['--cflags', '-DMAP_SIZE=9', 'src/sized.c'], 9],
    [['--cflags=-DMAP_SIZE=10', 'src/sized.c'], 10],
    [['src/sized.c', '--cflags', '-DMAP_SIZE=11 -Wall'], 11],
    [['--cflags', '-include size7.h', 'src/sized.c'], 7],
    [['--cflags', '-DMAP_SIZE=12', '--cflags', '-Wall', 'src/sized.c'], 12],
  ];
  for (const [args, size] of spellings) {
    it(`verify ${args.join(' ')}`, async () => {
      const v = await verify(args);
      expect(v.text).not.toMatch(/MAP_SIZE must be given/);
      expect(v.status).toBe('equivalent');
      expect(v.maxEntries).toBe(size);
      expect(v.code).toBe(0);
    });
  }

  it('verify -IDIR: a header found only through -I reaches clang', async () => {
    mkdirSync(join(dir, 'sizes'));
    writeFileSync(join(dir, 'sizes', 'extra.h'), '#define MAP_SIZE 3\n');
    writeFileSync(join(dir, 'src', 'sized.c'), SIZED_BY_MACRO.replace('#include "extra.h"', '#include <extra.h>'));
    expect((await verify(['src/sized.c'])).status).toBe('compile-error');
    for (const args of [['-Isizes', 'src/sized.c'], ['src/sized.c', '-I./sizes'], ['-I', 'sizes', 'src/sized.c']]) {
      const v = await verify(args);
      expect(v.status).toBe('equivalent');
      expect(v.maxEntries).toBe(3);
    }
  });

  it('--write --verify -DNAME: the define reaches both compiles', async () => {
    writeFileSync(join(dir, 'src', 'prog.c'), LEGACY.replace('#include "bpf_api.h"\n', '#include "bpf_api.h"\n\n#ifndef NEED\n#error "NEED must be given with -D"\n#endif\n'));
    const without = await run(['--write', '--verify', '-Iinclude', 'src/prog.c']);
    expect(without.stdout + without.stderr).toMatch(/NEED must be given/);
    expect(without.code).toBe(1);
    writeFileSync(join(dir, 'src', 'prog.c'), LEGACY.replace('#include "bpf_api.h"\n', '#include "bpf_api.h"\n\n#ifndef NEED\n#error "NEED must be given with -D"\n#endif\n'));
    const r = await run(['--write', '--verify', 'src/prog.c', '-Iinclude', '-DNEED']);
    expect(r.stdout + r.stderr).not.toMatch(/NEED must be given/);
    expect(r.stdout).toMatch(/prog\.c: migrated flows\n/);
    expect(r.stdout).toMatch(/: equivalent\n/);
    expect(r.code).toBe(0);
  });
});
