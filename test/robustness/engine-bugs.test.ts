/**
 * Minimal repros of engine bugs found by the robustness work (fuzzing, hostile inputs), kept
 * as regression tests once fixed. Each is the smallest input that showed the bug.
 */
import { describe, it, expect } from 'vitest';
import { resolve, join } from 'node:path';
import { migrate } from '../../src/core/engine.js';
import { FsIncludeProvider } from '../../src/fs/include-provider.js';
import { rules } from '../../rules/index.js';

const REPO = resolve(__dirname, '..', '..');
const provider = new FsIncludeProvider([join(REPO, 'corpus', 'include')]);
const run = (text: string) => migrate(text, { path: join(REPO, 'corpus', 'legacy-elf-map', 'repro.c'), provider, rules });

describe('engine bug repros', () => {
  // Found by the fuzzer (a deleted newline): text after an
  // annotation on its line, `...;#pragma once`. Removing the annotation made the '#' start its
  // line, a directive on the next run, which then read the following map: not idempotent.
  it('does not turn what follows an annotation on its line into a directive', () => {
    const input = [
      '#include "bpf_api.h"',
      'struct bpf_elf_map __section_maps q = {',
      '\t.type = BPF_MAP_TYPE_HASH,',
      '\t.size_key = sizeof(__u32),',
      '\t.size_value = sizeof(__u64),',
      '\t.max_elem = 16,',
      '};',
      'BPF_ANNOTATE_KV_PAIR(q, __u32, __u64);#pragma once',
      'struct bpf_elf_map __section_maps r = {',
      '\t.type = BPF_MAP_TYPE_ARRAY,',
      '\t.max_elem = 1,',
      '};',
      '',
    ].join('\n');
    const first = run(input);
    expect(run(first.output).output).toBe(first.output);
    expect(first.output).toContain('BPF_ANNOTATE_KV_PAIR(q, __u32, __u64);#pragma once');
  });

  // Found by the fuzzer (two cases): a map with no
  // .size_key/.size_value loses its BPF_ANNOTATE_KV_PAIR. The annotation line is deleted and the
  // note says "becomes __type(key, __u32) and __type(value, __u64) in the map", but no __type
  // member is written: the key/value types vanish from the file.
  it('keeps the key/value types of BPF_ANNOTATE_KV_PAIR when the map has no size fields', () => {
    const input = [
      '#include "bpf_api.h"',
      'struct bpf_elf_map __section_maps q = {',
      '\t.type = BPF_MAP_TYPE_HASH,',
      '\t.max_elem = 16,',
      '};',
      'BPF_ANNOTATE_KV_PAIR(q, __u32, __u64);',
      '',
    ].join('\n');
    const r = run(input);
    const keptAnnotation = r.output.includes('BPF_ANNOTATE_KV_PAIR(q, __u32, __u64);');
    const wroteTypes = r.output.includes('__type(key, __u32);') && r.output.includes('__type(value, __u64);');
    expect(keptAnnotation || wroteTypes, r.output).toBe(true);
  });

  // Found by the property test (properties.test.ts, seed first-prog-array-with-id-wins): two
  // maps on one line, the second a prog array. The first map's fix inserts the
  // #include <bpf/bpf_helpers.h> at the start of that line; the prog array's fix inserts the
  // forward declarations of its tail-call programs at the same offset. applyFixes treats two
  // insertions at one offset as overlapping, drops the prog array's fix without a word (the
  // `conflicting` list is not reported), and only a second run migrates it: not idempotent.
  it('migrates every map in one run when two fixes insert text at the same offset', () => {
    const input = [
      '#include "bpf_api.h"',
      'struct bpf_elf_map __section_maps seen = { .type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1, }; struct bpf_elf_map __section_maps jmp = { .type = BPF_MAP_TYPE_PROG_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1, .id = 1, };',
      '__section_tail(1, 0) int t0(struct __sk_buff *skb) { return 0; }',
      '__section_cls_entry int entry(struct __sk_buff *skb) { return 0; }',
      '',
    ].join('\n');
    const first = run(input);
    expect(first.apply?.conflicting ?? [], first.output).toEqual([]);
    expect(first.output).not.toMatch(/struct bpf_elf_map __section_maps jmp/);
    expect(run(first.output).output).toBe(first.output);
  });

  // Found by the fuzzer (from cilium-ifdef-fields): an
  // initializer that opens an #ifdef and never closes it (the file's conditionals do not
  // balance: scan().unbalanced) is rewritten anyway, and the #ifdef ends up between the map's
  // members with no #endif. Such a map cannot be read reliably; it should be diagnosed and left
  // as it is (like conditionalCutsField), not rewritten.
  it('leaves a map alone when its initializer opens an #ifdef that is never closed', () => {
    const input = [
      '#include "cilium_compat.h"',
      'struct bpf_elf_map __maps_section M = {',
      '\t.type = BPF_MAP_TYPE_HASH,',
      '#ifdef ENABLE_PINNING',
      '\t.pinning = PIN_GLOBAL_NS,',
      '};',
      '',
    ].join('\n');
    const r = run(input);
    expect(r.output, r.output).toBe(input);
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  // Found by the fuzzer (a duplicated and a deleted token):
  // with no declarator after the struct, the stray `struct` before it was taken as the map's
  // name, and a "map 'struct'" was migrated.
  it('takes no keyword, and nothing before the struct, as the declarator', () => {
    const input = [
      '#include "bpf_api.h"',
      'struct struct bpf_elf_map __section_maps  = {',
      '\t.type = BPF_MAP_TYPE_HASH,',
      '\t.size_key = sizeof(__u32),',
      '\t.size_value = sizeof(__u64),',
      '\t.max_elem = 16,',
      '};',
      '',
    ].join('\n');
    const r = run(input);
    expect(r.changed).toBe(false);
    expect(r.fixes.flatMap((f) => f.subjects)).toEqual([]);
  });
});
