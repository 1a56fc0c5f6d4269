/** Reading the legacy expectation from compiled ELF objects (never loaded). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../src/loader/compile.js';
import { expectedState, parseTailCallSection, readLegacyObject } from '../../src/loader/legacy.js';
import { FIXTURES, fixture, itNeeds, NO_OPTS } from './env.js';

describe('parseTailCallSection (sscanf "%i/%i")', () => {
  it('accepts decimal, hex and octal', () => {
    expect(parseTailCallSection('42/0')).toEqual({ id: 42, key: 0 });
    expect(parseTailCallSection('0x10/010')).toEqual({ id: 16, key: 8 });
    expect(parseTailCallSection('1/2abc')).toEqual({ id: 1, key: 2 });
  });
  it('rejects other sections', () => {
    expect(parseTailCallSection('classifier')).toBeUndefined();
    expect(parseTailCallSection('42')).toBeUndefined();
    expect(parseTailCallSection('.text')).toBeUndefined();
    expect(parseTailCallSection('maps')).toBeUndefined();
  });
});

async function legacyOf(text: string, cflags: string[] = []) {
  const c = await compileSource({ path: path.join(FIXTURES, 'inline.c'), text }, { ...NO_OPTS, cflags });
  expect(c.ok, c.stderr).toBe(true);
  return readLegacyObject(c.object!);
}

const PRELUDE = '#include <linux/types.h>\n#include <linux/bpf.h>\n#define __section(N) __attribute__((section(N), used))\n';

describe('readLegacyObject / expectedState', () => {
  itNeeds(['clang'], 'nine-field bpf_elf_map, tail-call sections and pinning', async () => {
    const c = await compileSource(fixture('progarray.legacy.c'), NO_OPTS);
    const obj = readLegacyObject(c.object!);
    expect(obj.maps).toEqual([expect.objectContaining({ name: 'lm_jmp_tc', type: 3, keySize: 4, valueSize: 4, maxEntries: 4, id: 1, pinning: 2, layout: 'btf' })]);
    expect(obj.tailCalls).toEqual([
      { section: '1/0', id: 1, key: 0, program: 'cls_case1' },
      { section: '1/2', id: 1, key: 2, program: 'cls_case2' },
    ]);
    const exp = expectedState(obj);
    expect(exp.maps[0]).toMatchObject({ pinned: true, slots: { 0: 'cls_case1', 2: 'cls_case2' } });
  });

  itNeeds(['clang'], 'old Android 6-field struct (id, pinning right after max_elem) is read by BTF member names', async () => {
    const obj = await legacyOf(`${PRELUDE}
struct bpf_elf_map { __u32 type, size_key, size_value, max_elem, id, pinning; };
struct bpf_elf_map __section("maps") old_map = { BPF_MAP_TYPE_HASH, 4, 8, 64, 0, 2 };
`);
    expect(obj.maps[0]).toMatchObject({ name: 'old_map', type: 1, keySize: 4, valueSize: 8, maxEntries: 64, flags: 0, pinning: 2, layout: 'btf' });
  });

  itNeeds(['clang'], 'struct bpf_map_def objects; without BTF (-g0) the 28-byte size tells', async () => {
    const src = `${PRELUDE}
struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags, inner_map_idx, numa_node; };
struct bpf_map_def __section("maps") def_map = { .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 16, .max_entries = 8, .map_flags = 0, .numa_node = 0 };
struct bpf_elf_map4 { __u32 type, size_key, size_value, max_elem; };
struct bpf_elf_map4 __section("maps") short_map = { BPF_MAP_TYPE_HASH, 2, 2, 3 };
`;
    for (const cflags of [[], ['-g0']]) {
      const obj = await legacyOf(src, cflags);
      expect(obj.maps.map((m) => [m.name, m.flavor, m.type, m.keySize, m.valueSize, m.maxEntries, m.layout])).toEqual([
        ['def_map', 'bpf_map_def', 2, 4, 16, 8, cflags.length ? 'size' : 'btf'],
        ['short_map', 'bpf_elf_map', 1, 2, 2, 3, cflags.length ? 'size' : 'btf'],
      ]);
    }
  });

  itNeeds(['clang'], 'map-in-map: inner maps land at inner_idx of every outer whose inner_id matches; -1 stays out', async () => {
    const obj = await legacyOf(`${PRELUDE}
struct bpf_elf_map { __u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx; };
struct bpf_elf_map __section("maps") tmpl = { .type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1, .id = 5, .inner_idx = 0xffffffff };
struct bpf_elf_map __section("maps") a = { .type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1, .id = 5, .inner_idx = 3 };
struct bpf_elf_map __section("maps") b = { .type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1, .id = 5 };
struct bpf_elf_map __section("maps") outer = { .type = BPF_MAP_TYPE_ARRAY_OF_MAPS, .size_key = 4, .size_value = 4, .max_elem = 4, .inner_id = 5 };
struct bpf_elf_map __section("maps") other_pa = { .type = BPF_MAP_TYPE_HASH, .size_key = 4, .size_value = 4, .max_elem = 4, .id = 9 };
struct bpf_elf_map __section("maps") pa = { .type = BPF_MAP_TYPE_PROG_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 4, .id = 9 };
__section("9/1") int t1(void *ctx) { return 0; }
__section("8/0") int elsewhere(void *ctx) { return 0; }
`);
    const exp = expectedState(obj);
    const by = Object.fromEntries(exp.maps.map((m) => [m.name, m.slots]));
    expect(by.outer).toEqual({ 0: 'b', 3: 'a' });
    // The first PROG_ARRAY with id 9 gets the slot; a HASH with the same id is ignored.
    expect(by.pa).toEqual({ 1: 't1' });
    expect(by.other_pa).toEqual({});
    expect(exp.messages.join('\n')).toMatch(/"8\/0": no prog array with id 8/);
  });
});

describe('maps of maps in a bpf_map_def', () => {
  itNeeds(['clang'], 'value_size 0 means 4 (an inner map fd, as bpf_load.c created them); bpf_elf_map and non-zero sizes are kept', async () => {
    const obj = await legacyOf(`${PRELUDE}
struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags, inner_map_idx, numa_node; };
struct bpf_map_def __section("maps") inner = { .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 4, .max_entries = 1 };
struct bpf_map_def __section("maps") aom = { .type = BPF_MAP_TYPE_ARRAY_OF_MAPS, .key_size = 4, .max_entries = 2, .inner_map_idx = 0 };
struct bpf_map_def __section("maps") hom = { .type = BPF_MAP_TYPE_HASH_OF_MAPS, .key_size = 4, .value_size = 0, .max_entries = 2 };
struct bpf_map_def __section("maps") aom8 = { .type = BPF_MAP_TYPE_ARRAY_OF_MAPS, .key_size = 4, .value_size = 8, .max_entries = 2 };
struct bpf_map_def __section("maps") arr0 = { .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 0, .max_entries = 2 };
struct bpf_elf_map { __u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx; };
struct bpf_elf_map __section("maps") elf_aom = { .type = BPF_MAP_TYPE_ARRAY_OF_MAPS, .size_key = 4, .max_elem = 2, .inner_id = 1 };
`);
    const exp = expectedState(obj);
    expect(exp.maps.map((m) => [m.name, m.valueSize])).toEqual([
      ['inner', 4], ['aom', 4], ['hom', 4], ['aom8', 8], ['arr0', 0], ['elf_aom', 0],
    ]);
    const notes = exp.messages.filter((m) => /value_size 0 in a bpf_map_def means 4/.test(m));
    expect(notes.map((m) => /^map '([^']+)'/.exec(m)![1])).toEqual(['aom', 'hom']);
  });
});

describe('compile', () => {
  itNeeds(['clang'], 'quote includes resolve against the original directory, not the temp copy', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-inc-'));
    try {
      fs.writeFileSync(path.join(dir, 'local.h'), '#define LOCAL_MAX 33\n');
      const c = await compileSource({ path: path.join(dir, 'x.c'), text: `${PRELUDE}#include "local.h"
struct m { __u32 type, size_key, size_value, max_elem; };
struct m __section("maps") lm = { 1, 4, 4, LOCAL_MAX };
` }, NO_OPTS);
      expect(c.ok, c.stderr).toBe(true);
      expect(readLegacyObject(c.object!).maps[0].maxEntries).toBe(33);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
