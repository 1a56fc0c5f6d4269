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

describe('maps already BTF in the legacy file (section ".maps")', () => {
  const BTF_PRELUDE = `${PRELUDE}#include <bpf/bpf_helpers.h>\n`;

  itNeeds(['clang', 'libbpfHeaders'], 'a half-migrated file: the BTF maps are read from its BTF (__uint, __type sizes, pinning, .values slots)', async () => {
    const c = await compileSource(fixture('mixed.legacy.c'), NO_OPTS);
    expect(c.ok, c.stderr).toBe(true);
    const obj = readLegacyObject(c.object!);
    expect(obj.maps.map((m) => m.name)).toEqual(['mx_seen', 'mx_stats']);
    expect(obj.btfUnreadable).toEqual([]);
    expect(obj.btfMaps.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags, m.pinning, m.slots])).toEqual([
      ['mx_progs', 3, 4, 4, 4, 0, 0, { 1: 'mx_tail' }],
      ['mx_inner', 2, 4, 4, 1, 0, 0, {}],
      ['mx_outer', 12, 4, 4, 2, 0, 0, { 0: 'mx_inner' }],
      ['mx_flow', 1, 12, 8, 256, 1, 1, {}],
      ['mx_sizes', 2, 4, 16, 8, 0, 0, {}],
      ['mx_events', 27, 0, 0, 1000, 0, 0, {}],
    ]);
    const exp = expectedState(obj);
    expect(exp.notCompared).toEqual([]);
    expect(exp.maps.filter((m) => m.alreadyBtf).map((m) => m.name)).toEqual(['mx_progs', 'mx_inner', 'mx_outer', 'mx_flow', 'mx_sizes', 'mx_events']);
    expect(exp.maps.find((m) => m.name === 'mx_flow')).toMatchObject({ pinned: true, keySize: 12 });
    const stats = exp.maps.find((m) => m.name === 'mx_stats')!;
    expect(stats.pinned).toBe(true);
    expect(stats.alreadyBtf).toBeUndefined();
    expect(exp.messages.join('\n')).toMatch(/already BTF in the legacy file \(section "\.maps"\), expected as declared: 'mx_progs'/);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'a file with only BTF maps has nothing in "maps" and every map in the expectation', async () => {
    const c = await compileSource(fixture('btf-only.legacy.c'), NO_OPTS);
    const obj = readLegacyObject(c.object!);
    expect(obj.maps).toEqual([]);
    expect(expectedState(obj).maps.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.pinned, m.slots])).toEqual([
      ['bo_jmp', 3, 4, 4, false, { 0: 'bo_tail' }],
      ['bo_conn', 9, 8, 4, true, {}],
    ]);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'definitions libbpf would not read the same way are not compared, each with its reason', async () => {
    const obj = await legacyOf(`${BTF_PRELUDE}
struct never_defined;
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u32); __uint(max_entries, 1); __uint(vendor_hint, 3); } odd_member SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct never_defined); __type(value, __u32); __uint(max_entries, 1); } fwd_key SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(key_size, 8); __type(key, __u32); __type(value, __u32); __uint(max_entries, 1); } two_keys SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u32); __uint(max_entries, 1); __uint(pinning, 2); } pin_ns SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u32); __uint(max_entries, 1); __array(values, int (void *)); } values_on_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); int key; __type(value, __u32); __uint(max_entries, 1); } not_a_pointer SEC(".maps");
static int static_prog(void *ctx);
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(key_size, 4); __uint(max_entries, 2); __array(values, int (void *)); } static_slot SEC(".maps") = { .values = { [1] = (void *)&static_prog } };
SEC("classifier") static int static_prog(void *ctx) { return 1; }
struct { __uint(type, BPF_MAP_TYPE_BLOOM_FILTER); __type(value, __u32); __uint(max_entries, 16); enum { nr_hashes = 3 } map_extra; } bloom SEC(".maps");
`);
    const why = Object.fromEntries(obj.btfUnreadable.map((u) => [u.name, u.reason]));
    expect(Object.keys(why).sort()).toEqual(['fwd_key', 'not_a_pointer', 'odd_member', 'pin_ns', 'static_slot', 'two_keys', 'values_on_hash']);
    expect(why.odd_member).toMatch(/'vendor_hint' is not a libbpf map attribute/);
    expect(why.fwd_key).toMatch(/type of 'key' has no size/);
    expect(why.two_keys).toMatch(/key_size 8 and the size of its key type \(4\) disagree/);
    expect(why.pin_ns).toMatch(/pinning 2/);
    expect(why.values_on_hash).toMatch(/neither a prog array nor a map of maps/);
    expect(why.not_a_pointer).toMatch(/'key' is not a __type/);
    // libbpf finds a prog-array target by its symbol's name; clang relocates a static function by its section.
    expect(why.static_slot).toMatch(/slot 1 of 'values' names no program by name/);
    // map_extra is a libbpf attribute; it is read past, not compared.
    expect(obj.btfMaps.map((m) => [m.name, m.type, m.valueSize, m.maxEntries])).toEqual([['bloom', 30, 4, 16]]);
    const exp = expectedState(obj);
    expect(exp.notCompared.map((n) => n.name).sort()).toEqual(Object.keys(why).sort());
    expect(exp.maps.map((m) => m.name)).toEqual(['bloom']);
    expect(exp.messages.filter((m) => /not compared \(already BTF in the legacy file\)/.test(m))).toHaveLength(7);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'without BTF (-g0) the .maps symbols are known by name only: not compared', async () => {
    const obj = await legacyOf(`${BTF_PRELUDE}
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u32); __uint(max_entries, 1); } plain SEC(".maps");
struct bpf_elf_map { __u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx; };
struct bpf_elf_map __section("maps") leg = { .type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1 };
`, ['-g0']);
    expect(obj.maps.map((m) => m.name)).toEqual(['leg']);
    expect(obj.btfMaps).toEqual([]);
    expect(obj.btfUnreadable).toEqual([{ name: 'plain', reason: expect.stringMatching(/no BTF \(compiled with -g0\?\)/) }]);
  });
});
