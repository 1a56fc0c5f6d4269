/** verifyPair on fixture pairs: equivalent migrations pass, deliberately wrong ones fail naming the right field. */
import { describe, expect } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitCodeFor, formatVerifyTable, inspectMigrated, verifyPair, type VerifyResult } from '../../src/loader/index.js';
import { fixture, itNeeds, NO_OPTS } from './env.js';

const LOAD = ['clang', 'libbpfHeaders', 'libbpf', 'privileged'] as const;

function failing(r: VerifyResult) {
  return r.fields.filter((f) => !f.ok).map((f) => `${f.map}.${f.field}`);
}

async function pair(legacy: string, migrated: string, opts = NO_OPTS) {
  return verifyPair(fixture(legacy), fixture(migrated), opts);
}

describe('verifyPair: equivalent migrations', () => {
  for (const [l, m] of [
    ['hash.legacy.c', 'hash.migrated.c'],
    ['pinned.legacy.c', 'pinned.migrated.c'],
    ['progarray.legacy.c', 'progarray.migrated.c'],
    ['inmap.legacy.c', 'inmap.migrated.c'],
    ['btf.legacy.c', 'btf.migrated.c'],
    ['mapdef.legacy.c', 'mapdef.migrated.c'],
    ['mapinmap-def.legacy.c', 'mapinmap-def.migrated.c'],
  ]) {
    itNeeds([...LOAD], `${m} is equivalent to ${l}`, async () => {
      const r = await pair(l, m);
      expect(r.status, formatVerifyTable(r)).toBe('equivalent');
      expect(r.fields.length).toBeGreaterThan(0);
      expect(failing(r)).toEqual([]);
      expect(exitCodeFor([r])).toBe(0);
    });
  }

  itNeeds([...LOAD], 'prog-array slots and map-in-map slots are read from the kernel and named', async () => {
    const pa = await pair('progarray.legacy.c', 'progarray.migrated.c');
    const jmp = pa.maps!.find((m) => m.name === 'lm_jmp_tc')!;
    expect(jmp.slots).toEqual({ 0: 'cls_case1', 2: 'cls_case2' });
    expect(jmp.pinned).toBe(true);
    expect(pa.expected!.find((m) => m.name === 'lm_jmp_tc')!.slots).toEqual({ 0: 'cls_case1', 2: 'cls_case2' });
    const mim = await pair('inmap.legacy.c', 'inmap.migrated.c');
    expect(mim.maps!.find((m) => m.name === 'map_outer')!.slots).toEqual({ 0: 'map_inner' });
  });

  itNeeds([...LOAD], 'long map names (kernel cuts them to 15 chars) still match', async () => {
    const r = await pair('hash.legacy.c', 'hash.migrated.c');
    expect(r.fields.every((f) => f.map === 'flow_counters_by_ifindex')).toBe(true);
    expect(r.status).toBe('equivalent');
  });
});

describe('verifyPair: deliberately wrong migrations are caught with the right field', () => {
  const cases: [string, string, string[], Record<string, [string, string]>][] = [
    ['hash.legacy.c', 'hash.wrong-max-entries.c', ['flow_counters_by_ifindex.max_entries'], { max_entries: ['1024', '2048'] }],
    ['hash.legacy.c', 'hash.wrong-key-size.c', ['flow_counters_by_ifindex.key_size'], { key_size: ['4', '8'] }],
    ['pinned.legacy.c', 'pinned.lost-pin.c', ['lm_global_stats.pinned'], { pinned: ['yes', 'no'] }],
    ['progarray.legacy.c', 'progarray.missing-slot.c', ['lm_jmp_tc.slot[2]'], { 'slot[2]': ['cls_case2', '(empty)'] }],
    ['progarray.legacy.c', 'progarray.swapped-slots.c', ['lm_jmp_tc.slot[0]', 'lm_jmp_tc.slot[2]'], { 'slot[0]': ['cls_case1', 'cls_case2'], 'slot[2]': ['cls_case2', 'cls_case1'] }],
    ['inmap.legacy.c', 'inmap.missing-inner.c', ['map_outer.slot[0]'], { 'slot[0]': ['map_inner', '(empty)'] }],
  ];
  for (const [l, m, fields, values] of cases) {
    itNeeds([...LOAD], `${m}: ${fields.join(', ')}`, async () => {
      const r = await pair(l, m);
      expect(r.status, formatVerifyTable(r)).toBe('different');
      expect(failing(r)).toEqual(fields);
      for (const [field, [leg, mig]] of Object.entries(values)) {
        const f = r.fields.find((x) => x.field === field)!;
        expect([f.legacy, f.migrated]).toEqual([leg, mig]);
      }
      expect(exitCodeFor([r])).toBe(1);
      expect(formatVerifyTable(r)).toMatch(/DIFFERS/);
    });
  }
});

describe('verifyPair: failures', () => {
  itNeeds([...LOAD], 'a program the verifier rejects fails with its name and the log excerpt', async () => {
    const r = await pair('reject.legacy.c', 'reject.migrated.c');
    expect(r.status).toBe('load-error');
    expect(r.errorCode).toBe('VerifierRejected');
    expect(r.fields).toContainEqual(expect.objectContaining({ map: 'cls_unsafe', field: 'program', ok: false }));
    expect(r.verifierLog).toMatch(/invalid access to packet/);
    // The maps are still compared (with the rejected program left out), but the verdict stays a failure.
    expect(r.fields.filter((f) => f.map === 'lm_seen').length).toBeGreaterThan(0);
    expect(r.fields.filter((f) => f.map === 'lm_seen').every((f) => f.ok)).toBe(true);
    expect(r.messages.join('\n')).toMatch(/cls_unsafe/);
    expect(r.messages.join('\n')).not.toMatch(/bpf-migrate-load-/);
    const table = formatVerifyTable(r);
    expect(table).toMatch(/verifier log \(tail\)/);
    expect(table).toMatch(/invalid access to packet/);
    expect(exitCodeFor([r])).toBe(1);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'a compile error names the user file and the right line', async () => {
    const r = await pair('reject.legacy.c', 'compile-error.migrated.c');
    expect(r.status).toBe('compile-error');
    expect(r.errorCode).toBe('CompileFailed');
    const err = r.diagnostics!.find((d) => d.severity === 'error')!;
    expect(err.file).toBe(fixture('compile-error.migrated.c').path);
    expect(err.line).toBe(14);
    expect(err.message).toMatch(/undeclared_identifier/);
    expect(r.messages.join('\n')).toContain(`compile-error.migrated.c:14:9: error:`);
    expect(r.messages.join('\n')).not.toMatch(/bpf-migrate-cc-/);
    expect(exitCodeFor([r])).toBe(1);
  });

  itNeeds([...LOAD], 'sections libbpf does not know need --prog-type; with it the pair is equivalent', async () => {
    const bad = await pair('ingress.legacy.c', 'ingress.migrated.c');
    expect(bad.status).toBe('load-error');
    expect(bad.messages.join('\n')).toMatch(/--prog-type/);
    const good = await pair('ingress.legacy.c', 'ingress.migrated.c', { ...NO_OPTS, progType: 'sched_cls' } as typeof NO_OPTS);
    expect(good.status, formatVerifyTable(good)).toBe('equivalent');
    expect(good.maps![0].slots).toEqual({ 1: 'ing_tail' });
  });
});

describe('verifyPair: BTF key/value types the kernel rejects (libbpf "Retrying without BTF")', () => {
  const REJECTED = 'rejected by the kernel (libbpf retried without BTF)';

  itNeeds([...LOAD], 'every map whose BTF was refused is a difference, although all sizes match', async () => {
    const r = await pair('btf.legacy.c', 'btf.rejected.c');
    expect(r.status, formatVerifyTable(r)).toBe('different');
    expect(failing(r)).toEqual(['bt_wide_key.btf', 'bt_prefixes.btf', 'bt_by_pair.btf']);
    for (const f of r.fields.filter((x) => x.field === 'btf')) expect([f.legacy, f.migrated]).toEqual(['-', REJECTED]);
    for (const m of r.maps!) {
      expect(m.btf).toMatchObject({ status: 'rejected', error: expect.stringMatching(/Invalid argument/) });
      // What the kernel holds confirms the log: no BTF on the map although the definition asked for types.
      expect(m.btf!.kernel).toEqual({ btfId: 0, keyTypeId: 0, valueTypeId: 0 });
      expect(m.btf!.requestedKeyTypeId + m.btf!.requestedValueTypeId).toBeGreaterThan(0);
    }
    const text = r.messages.join('\n');
    expect(text).toMatch(/map 'bt_wide_key': the kernel rejected .*key is given as a size and the value as a type/);
    expect(text).toMatch(/map 'bt_prefixes': .*LPM_TRIE key must be a struct/);
    expect(text).toMatch(/map 'bt_by_pair': .*ARRAY key must be a 32-bit integer/);
    expect(exitCodeFor([r])).toBe(1);
    expect(formatVerifyTable(r)).toMatch(/bt_prefixes\s+btf\s+-\s+rejected by the kernel \(libbpf retried without BTF\)\s+DIFFERS/);
  });

  itNeeds([...LOAD], 'kept BTF is read back from bpf_map_info (btf_id, btf_key_type_id, btf_value_type_id)', async () => {
    const r = await pair('btf.legacy.c', 'btf.migrated.c');
    const by = Object.fromEntries(r.maps!.map((m) => [m.name, m.btf!]));
    for (const name of ['bt_wide_key', 'bt_by_pair']) {
      const b = by[name];
      expect(b.status).toBe('kept');
      // The ids the kernel reports are the ones libbpf asked for: the struct offsets are right.
      expect(b.kernel!.btfId).toBeGreaterThan(0);
      expect([b.kernel!.keyTypeId, b.kernel!.valueTypeId]).toEqual([b.requestedKeyTypeId, b.requestedValueTypeId]);
      expect(b.requestedKeyTypeId).toBeGreaterThan(0);
    }
    expect(by.bt_prefixes).toMatchObject({ status: 'none', requestedKeyTypeId: 0, requestedValueTypeId: 0 });
    expect(r.fields.some((f) => f.field === 'btf')).toBe(false);
  });

  itNeeds([...LOAD], '`verify FILE` fails on it too, showing the maps and the btf rows', async () => {
    const r = await inspectMigrated(fixture('btf.rejected.c'), NO_OPTS);
    expect(r.status).toBe('different');
    expect(failing(r)).toEqual(['bt_wide_key.btf', 'bt_prefixes.btf', 'bt_by_pair.btf']);
    expect(exitCodeFor([r])).toBe(1);
    const table = formatVerifyTable(r);
    expect(table).toMatch(/: maps differ from their definitions\n/);
    expect(table).toMatch(/bt_wide_key\s+HASH\s+8\s+4\s+64\s+0\s+no\s+rejected/);
    const good = await inspectMigrated(fixture('btf.migrated.c'), NO_OPTS);
    expect(good.status).toBe('equivalent');
    expect(formatVerifyTable(good)).toMatch(/bt_wide_key\s+HASH\s+8\s+4\s+64\s+0\s+no\s+kept/);
  });
});

describe('verifyPair: maps already BTF in the legacy file (half-migrated files)', () => {
  itNeeds([...LOAD], 'a mixed file and its migration are equivalent: the BTF maps are compared like the others', async () => {
    const r = await pair('mixed.legacy.c', 'mixed.migrated.c');
    expect(r.status, formatVerifyTable(r)).toBe('equivalent');
    expect(failing(r)).toEqual([]);
    expect(exitCodeFor([r])).toBe(0);
    const row = (map: string, field: string) => r.fields.find((f) => f.map === map && f.field === field);
    // Every map has its rows, none is "missing"/"present".
    expect([...new Set(r.fields.map((f) => f.map))]).toEqual(['mx_seen', 'mx_stats', 'mx_progs', 'mx_inner', 'mx_outer', 'mx_flow', 'mx_sizes', 'mx_events']);
    expect(r.fields.some((f) => f.field === 'map')).toBe(false);
    expect(row('mx_flow', 'key_size')).toMatchObject({ legacy: '12', migrated: '12' });
    expect(row('mx_flow', 'pinned')).toMatchObject({ legacy: 'yes', migrated: 'yes' });
    expect(row('mx_sizes', 'value_size')).toMatchObject({ legacy: '16', migrated: '16' });
    expect(row('mx_progs', 'slot[1]')).toMatchObject({ legacy: 'mx_tail', migrated: 'mx_tail' });
    expect(row('mx_outer', 'slot[0]')).toMatchObject({ legacy: 'mx_inner', migrated: 'mx_inner' });
    expect(row('mx_events', 'max_entries')).toMatchObject({ legacy: '4096', migrated: '4096' });
    expect(r.expected!.filter((m) => m.alreadyBtf).map((m) => m.name)).toEqual(['mx_progs', 'mx_inner', 'mx_outer', 'mx_flow', 'mx_sizes', 'mx_events']);
    expect(r.messages.join('\n')).toMatch(/already BTF in the legacy file \(section "\.maps"\), expected as declared/);
  });

  itNeeds([...LOAD], 'a change to a map that was BTF already is a difference, named by field', async () => {
    const r = await pair('mixed.legacy.c', 'mixed.btf-changed.c');
    expect(r.status, formatVerifyTable(r)).toBe('different');
    expect(failing(r)).toEqual(['mx_progs.slot[1]', 'mx_progs.slot[2]', 'mx_flow.max_entries', 'mx_sizes.value_size', 'mx_events.map']);
    const row = (map: string, field: string) => r.fields.find((f) => f.map === map && f.field === field)!;
    expect([row('mx_flow', 'max_entries').legacy, row('mx_flow', 'max_entries').migrated]).toEqual(['256', '512']);
    expect([row('mx_sizes', 'value_size').legacy, row('mx_sizes', 'value_size').migrated]).toEqual(['16', '32']);
    expect([row('mx_events', 'map').legacy, row('mx_events', 'map').migrated]).toEqual(['present', 'missing']);
    expect(exitCodeFor([r])).toBe(1);
  });

  itNeeds([...LOAD], 'a file with only BTF maps (nothing to migrate) is equivalent to itself', async () => {
    const r = await pair('btf-only.legacy.c', 'btf-only.legacy.c');
    expect(r.status, formatVerifyTable(r)).toBe('equivalent');
    expect([...new Set(r.fields.map((f) => f.map))]).toEqual(['bo_jmp', 'bo_conn']);
    expect(r.fields.find((f) => f.map === 'bo_jmp' && f.field === 'slot[0]')).toMatchObject({ legacy: 'bo_tail', migrated: 'bo_tail', ok: true });
    expect(r.messages).toContainEqual(expect.stringMatching(/has no map in section "maps": its maps are BTF maps already \(nothing to migrate\)/));
    expect(exitCodeFor([r])).toBe(0);
  });

  itNeeds([...LOAD], 'a BTF definition libbpf would not read the same way is reported as not compared, without failing', async () => {
    const r = await pair('btf-unknown-attr.legacy.c', 'btf-unknown-attr.migrated.c');
    expect(r.status, formatVerifyTable(r)).toBe('equivalent');
    expect(r.fields.find((f) => f.map === 'ua_odd')).toEqual({ map: 'ua_odd', field: 'map', legacy: 'already BTF', migrated: 'present', ok: true, compared: false });
    expect(r.messages).toContainEqual("map 'ua_odd': not compared (already BTF in the legacy file): member 'vendor_hint' is not a libbpf map attribute");
    expect(formatVerifyTable(r)).toMatch(/ua_odd\s+map\s+already BTF\s+present\s+not compared/);
    expect(exitCodeFor([r])).toBe(0);
  });

  itNeeds(['clang', 'libbpfHeaders'], '`verify FILE` on a mixed legacy file lists its BTF maps with the legacy ones (load skipped)', async () => {
    const r = await inspectMigrated(fixture('mixed.legacy.c'), NO_OPTS);
    expect(r.status).toBe('load-skipped');
    expect(r.maps!.map((m) => m.name)).toEqual(['mx_seen', 'mx_stats', 'mx_progs', 'mx_inner', 'mx_outer', 'mx_flow', 'mx_sizes', 'mx_events']);
    expect(r.messages.join('\n')).toMatch(/libbpf from the BTF maps already in "\.maps"/);
  });
});

describe('verifyPair: libbpf 0.x programs (struct bpf_map_def from <bpf/bpf_helpers.h>)', () => {
  itNeeds([...LOAD], 'the legacy side compiles with libbpf 0.x\'s definition forced in, and the report says so', async () => {
    const r = await pair('mapdef.legacy.c', 'mapdef.migrated.c');
    expect(r.status, formatVerifyTable(r)).toBe('equivalent');
    expect(r.messages).toContainEqual(expect.stringMatching(/^legacy .*mapdef\.legacy\.c: struct bpf_map_def is used but no header defines it .*libbpf 0\.x's definition forced in/));
    expect(r.expected!.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.flags])).toEqual([
      ['xdp_stats_map', 6, 4, 8, 5, 0], ['cpus_available', 1, 4, 4, 64, 1],
    ]);
  });

  itNeeds([...LOAD], 'a definition the compile sees (here -include) is used as it is, never redefined', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-mapdef-'));
    try {
      const h = path.join(dir, 'legacy_def.h');
      fs.writeFileSync(h, 'struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags, inner_map_idx, numa_node; };\n');
      const r = await pair('mapdef.legacy.c', 'mapdef.migrated.c', { ...NO_OPTS, cflags: ['-include', h] });
      expect(r.status, formatVerifyTable(r)).toBe('equivalent');
      expect(r.messages.join('\n')).not.toMatch(/forced in/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  itNeeds(['clang', 'libbpfHeaders'], 'only the legacy side: a migrated file still using struct bpf_map_def is a compile error', async () => {
    const r = await pair('mapdef.migrated.c', 'mapdef.legacy.c');
    expect(r.status).toBe('compile-error');
    expect(r.messages.join('\n')).toMatch(/migrated .*mapdef\.legacy\.c does not compile:\n.*incomplete type 'struct bpf_map_def'/);
    expect(exitCodeFor([r])).toBe(1);
  });
});

describe('inspectMigrated', () => {
  itNeeds([...LOAD], 'loads a migrated file and reports its maps', async () => {
    const r = await inspectMigrated(fixture('progarray.migrated.c'), NO_OPTS);
    expect(r.status).toBe('equivalent');
    expect(r.maps).toEqual([expect.objectContaining({ name: 'lm_jmp_tc', type: 3, maxEntries: 4, pinned: true, slots: { 0: 'cls_case1', 2: 'cls_case2' } })]);
    expect(formatVerifyTable(r)).toMatch(/\[0\]=cls_case1 \[2\]=cls_case2/);
  });

  itNeeds(['clang', 'libbpfHeaders'], 'a legacy file is not loaded; its ELF-derived maps are shown, never "equivalent"', async () => {
    const r = await inspectMigrated(fixture('inmap.legacy.c'), NO_OPTS);
    expect(r.status).toBe('load-skipped');
    expect(r.maps!.find((m) => m.name === 'map_outer')!.slots).toEqual({ 0: 'map_inner' });
    expect(exitCodeFor([r])).toBe(2);
  });
});
