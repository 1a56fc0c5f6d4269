/** clang driving: cache, compile_commands.json, -I/-D, missing clang, missing libbpf headers. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileCommandsFlags, compileSource, LIBBPF0_MAP_DEF, splitCommandLine, usesUndefinedMapDef } from '../../src/loader/compile.js';
import { ERROR_CATALOGUE, LoaderError, verifyPair } from '../../src/loader/index.js';
import { readLegacyObject } from '../../src/loader/legacy.js';
import { fixture, itNeeds, NO_OPTS } from './env.js';

const SRC = `#include <linux/types.h>
#include <linux/bpf.h>
#include "params.h"
struct m { __u32 type, size_key, size_value, max_elem; };
struct m __attribute__((section("maps"), used)) lm = { 1, 4, 4, MAXN };
`;

let dir: string;
let savedCache: string | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-cc-'));
  savedCache = process.env.BPF_MIGRATE_CACHE;
  process.env.BPF_MIGRATE_CACHE = path.join(dir, 'cache');
});
afterEach(() => {
  if (savedCache === undefined) delete process.env.BPF_MIGRATE_CACHE;
  else process.env.BPF_MIGRATE_CACHE = savedCache;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('compile cache', () => {
  itNeeds(['clang'], 'a second compile of the same text and flags is a cache hit; editing a header invalidates it', async () => {
    fs.writeFileSync(path.join(dir, 'params.h'), '#define MAXN 5\n');
    const src = { path: path.join(dir, 'a.c'), text: SRC };
    const a = await compileSource(src, NO_OPTS);
    expect(a.ok, a.stderr).toBe(true);
    expect(a.cached).toBe(false);
    const b = await compileSource(src, NO_OPTS);
    expect(b.cached).toBe(true);
    expect(readLegacyObject(b.object!).maps[0].maxEntries).toBe(5);
    const c = await compileSource(src, { ...NO_OPTS, defines: ['UNUSED=1'] });
    expect(c.cached).toBe(false);
    fs.writeFileSync(path.join(dir, 'params.h'), '#define MAXN 6\n');
    const d = await compileSource(src, NO_OPTS);
    expect(d.cached).toBe(false);
    expect(readLegacyObject(d.object!).maps[0].maxEntries).toBe(6);
  });
});

describe('compile options', () => {
  itNeeds(['clang'], '-I and -D from options', async () => {
    fs.mkdirSync(path.join(dir, 'inc'));
    fs.writeFileSync(path.join(dir, 'inc', 'params.h'), '#define MAXN (BASE * 2)\n');
    const c = await compileSource({ path: path.join(dir, 'a.c'), text: SRC }, { ...NO_OPTS, includeDirs: [path.join(dir, 'inc')], defines: ['BASE=21'] });
    expect(c.ok, c.stderr).toBe(true);
    expect(readLegacyObject(c.object!).maps[0].maxEntries).toBe(42);
  });

  itNeeds(['clang'], "the file's entry in compile_commands.json up the tree is used", async () => {
    fs.mkdirSync(path.join(dir, 'src', 'inc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'inc', 'params.h'), '#define MAXN (BASE + 1)\n');
    fs.writeFileSync(path.join(dir, 'compile_commands.json'), JSON.stringify([
      { directory: path.join(dir, 'src'), file: 'other.c', command: 'clang -DBASE=1 -c other.c' },
      { directory: path.join(dir, 'src'), file: 'prog.c', command: 'clang -O2 -target bpf -I inc "-DBASE=99" -c prog.c -o prog.o' },
    ]));
    const file = path.join(dir, 'src', 'prog.c');
    expect(compileCommandsFlags(file).flags).toEqual(['-I', path.join(dir, 'src', 'inc'), '-DBASE=99']);
    const c = await compileSource({ path: file, text: SRC }, NO_OPTS);
    expect(c.ok, c.stderr).toBe(true);
    expect(readLegacyObject(c.object!).maps[0].maxEntries).toBe(100);
  });

  it('splitCommandLine handles quotes and escapes', () => {
    expect(splitCommandLine(`clang -D'A=1 2' -I"x y" a\\ b.c`)).toEqual(['clang', '-DA=1 2', '-Ix y', 'a b.c']);
  });
});

describe("libbpf 0.x's struct bpf_map_def for legacy sources", () => {
  it('usesUndefinedMapDef: a use without any definition (preprocessed text)', () => {
    expect(usesUndefinedMapDef('struct bpf_map_def __attribute__((section("maps"))) m = { 1, 4, 4, 8 };')).toBe(true);
    expect(usesUndefinedMapDef('struct bpf_map_def;\nextern struct bpf_map_def m;')).toBe(true);
    expect(usesUndefinedMapDef(`${LIBBPF0_MAP_DEF}struct bpf_map_def m;`)).toBe(false);
    expect(usesUndefinedMapDef('struct bpf_map_def\n{ unsigned int type; };\nstruct bpf_map_def m;')).toBe(false);
    expect(usesUndefinedMapDef('struct __attribute__((packed)) bpf_map_def { unsigned int type; };')).toBe(false);
    expect(usesUndefinedMapDef('struct bpf_elf_map m;')).toBe(false);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'forced in only when asked, remembered by the cache (the note too)', async () => {
    const src = fixture('mapdef.legacy.c');
    const plain = await compileSource(src, NO_OPTS);
    expect(plain.ok).toBe(false);
    expect(plain.notes).toEqual([]);
    expect(plain.stderr).toMatch(/incomplete type 'struct bpf_map_def'/);
    const a = await compileSource(src, { ...NO_OPTS, legacyMapDef: true });
    expect(a.ok, a.stderr).toBe(true);
    expect(a.cached).toBe(false);
    expect(a.notes).toEqual([expect.stringMatching(/libbpf 0\.x's definition forced in/)]);
    const b = await compileSource(src, { ...NO_OPTS, legacyMapDef: true });
    expect(b.cached).toBe(true);
    expect(b.notes).toEqual(a.notes);
    // Read by BTF member names: the five fields of libbpf 0.x.
    expect(readLegacyObject(b.object!).maps.map((m) => [m.name, m.flavor, m.keySize, m.valueSize, m.maxEntries, m.flags, m.layout])).toEqual([
      ['xdp_stats_map', 'bpf_map_def', 4, 8, 5, 0, 'btf'], ['cpus_available', 'bpf_map_def', 4, 4, 64, 1, 'btf'],
    ]);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'a struct reached through a header macro is caught by the compile error, checked, and compiled again', async () => {
    fs.writeFileSync(path.join(dir, 'maps.h'), '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#define LEGACY_MAP(N) struct bpf_map_def SEC("maps") N\n');
    const text = '#include "maps.h"\nLEGACY_MAP(hidden) = { .type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 2, .max_entries = 3 };\n';
    const c = await compileSource({ path: path.join(dir, 'hidden.c'), text }, { ...NO_OPTS, legacyMapDef: true });
    expect(c.ok, c.stderr).toBe(true);
    expect(c.notes.length).toBe(1);
    expect(readLegacyObject(c.object!).maps[0]).toMatchObject({ name: 'hidden', keySize: 4, valueSize: 2, maxEntries: 3 });
  });

  itNeeds(['clang', 'libbpfHeaders'], 'other errors are reported as they are, without a forced definition', async () => {
    const text = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nstruct bpf_map_def { unsigned int type; };\nstruct bpf_map_def SEC("maps") m = { .key_size = 4 };\n';
    const c = await compileSource({ path: path.join(dir, 'own.c'), text }, { ...NO_OPTS, legacyMapDef: true });
    expect(c.ok).toBe(false);
    expect(c.notes).toEqual([]);
    expect(c.stderr).toMatch(/field designator 'key_size' does not refer to any field/);
    expect(c.stderr).not.toMatch(/libbpf 0\.x|bpf-migrate-cc-/);
  });
});

describe('missing tools', () => {
  it('missing clang (PATH without it) is ClangNotFound naming the Debian packages', async () => {
    const saved = process.env.PATH;
    process.env.PATH = dir; // an empty directory
    try {
      const err = await verifyPair(fixture('hash.legacy.c'), fixture('hash.migrated.c'), NO_OPTS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LoaderError);
      expect((err as LoaderError).code).toBe('ClangNotFound');
      expect((err as LoaderError).exitCode).toBe(2);
      expect((err as LoaderError).hint).toMatch(/clang/);
      expect((err as LoaderError).hint).toMatch(/llvm/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('--clang pointing nowhere is ClangNotFound too', async () => {
    const err = await compileSource(fixture('hash.legacy.c'), { ...NO_OPTS, clang: path.join(dir, 'no-clang') }).catch((e: unknown) => e);
    expect((err as LoaderError).code).toBe('ClangNotFound');
  });

  itNeeds(['clang'], 'libbpf headers not found is LibbpfHeadersMissing naming libbpf-dev', async () => {
    const err = await compileSource({ path: path.join(dir, 'h.c'), text: '#include <bpf/bpf_helpers.h>\nint x;\n' }, { ...NO_OPTS, cflags: ['-nostdinc'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoaderError);
    expect((err as LoaderError).code).toBe('LibbpfHeadersMissing');
    expect((err as LoaderError).hint).toMatch(/libbpf-dev/);
    expect(ERROR_CATALOGUE.ClangNotFound.hint).toMatch(/clang.*llvm/);
  });
});
