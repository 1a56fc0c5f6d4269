/** compareStates and the report format, without a kernel. */
import { describe, expect, it } from 'vitest';
import { compareStates, exitCodeFor, formatVerifyTable, sameName, type MapState } from '../../src/loader/index.js';
import { btfRetries, classifyBtf } from '../../src/loader/kernel.js';
import { libbpfRingbufSize } from '../../src/loader/compare.js';

const base: MapState = { name: 'm', type: 1, keySize: 4, valueSize: 8, maxEntries: 16, flags: 0, pinned: false, slots: {} };
const opts = { possibleCpus: 4 };

describe('compareStates', () => {
  it('names are compared as the kernel keeps them (15 chars)', () => {
    expect(sameName('flow_counters_by_ifindex', 'flow_counters_b')).toBe(true);
    expect(sameName('short', 'shorter')).toBe(false);
    const r = compareStates([{ ...base, name: 'a_very_long_map_name_1' }], [{ ...base, name: 'a_very_long_map' }], opts);
    expect(r.fields.every((f) => f.ok)).toBe(true);
  });

  it('a missing and an extra map are both failures', () => {
    const r = compareStates([{ ...base, name: 'gone' }], [{ ...base, name: 'new' }], opts);
    expect(r.fields).toEqual([
      { map: 'gone', field: 'map', legacy: 'present', migrated: 'missing', ok: false },
      { map: 'new', field: 'map', legacy: 'missing', migrated: 'present', ok: false },
    ]);
  });

  it('PERF_EVENT_ARRAY max_entries 0 means one per possible CPU', () => {
    const r = compareStates([{ ...base, type: 4, maxEntries: 0 }], [{ ...base, type: 4, maxEntries: 4 }], opts);
    expect(r.fields.find((f) => f.field === 'max_entries')).toMatchObject({ legacy: '4', migrated: '4', ok: true });
  });

  it('the kernel adds BPF_F_RDONLY_PROG to DEVMAPs: not a difference', () => {
    const r = compareStates([{ ...base, type: 14 }], [{ ...base, type: 14, flags: 0x80 }], opts);
    expect(r.fields.find((f) => f.field === 'map_flags')!.ok).toBe(true);
    const h = compareStates([{ ...base }], [{ ...base, flags: 0x80 }], opts);
    expect(h.fields.find((f) => f.field === 'map_flags')!.ok).toBe(false);
  });

  it('slots: union of keys, empty vs named', () => {
    const r = compareStates([{ ...base, type: 3, slots: { 0: 'a', 1: 'b' } }], [{ ...base, type: 3, slots: { 1: 'b', 2: 'c' } }], opts);
    expect(r.fields.filter((f) => f.field.startsWith('slot')).map((f) => [f.field, f.legacy, f.migrated, f.ok])).toEqual([
      ['slot[0]', 'a', '(empty)', false], ['slot[1]', 'b', 'b', true], ['slot[2]', '(empty)', 'c', false],
    ]);
  });
});

describe('compareStates: maps already BTF in the legacy file', () => {
  it('a definition that could not be read: present on both sides is "not compared" and does not fail', () => {
    const nc = [{ name: 'odd', reason: "member 'x' is not a libbpf map attribute" }];
    const r = compareStates([base], [base, { ...base, name: 'odd' }], { ...opts, notCompared: nc });
    expect(r.fields.find((f) => f.map === 'odd')).toEqual({ map: 'odd', field: 'map', legacy: 'already BTF', migrated: 'present', ok: true, compared: false });
    expect(r.fields.every((f) => f.ok)).toBe(true);
    const table = formatVerifyTable({ file: 'b.c', legacyFile: 'a.c', status: 'equivalent', fields: r.fields, messages: [] });
    expect(table).toMatch(/odd\s+map\s+already BTF\s+present\s+not compared/);
  });

  it('a definition that could not be read: gone from the migrated side is still a difference', () => {
    const r = compareStates([], [], { ...opts, notCompared: [{ name: 'odd', reason: 'no BTF' }] });
    expect(r.fields).toEqual([{ map: 'odd', field: 'map', legacy: 'present', migrated: 'missing', ok: false }]);
  });

  it("libbpf's ring buffer rounding applies to maps that were BTF already, not to legacy ones", () => {
    expect([0, 1000, 4096, 8192, 12288, 65536].map((n) => libbpfRingbufSize(n, 4096))).toEqual([0, 4096, 4096, 8192, 16384, 65536]);
    const rb = { ...base, type: 27, keySize: 0, valueSize: 0, maxEntries: 1000 };
    const r = compareStates([{ ...rb, alreadyBtf: true }], [{ ...rb, maxEntries: 4096 }], { ...opts, pageSize: 4096 });
    expect(r.fields.find((f) => f.field === 'max_entries')).toMatchObject({ legacy: '4096', migrated: '4096', ok: true });
    expect(r.messages).toEqual([expect.stringMatching(/libbpf rounds a RINGBUF max_entries 1000 up to 4096/)]);
    const l = compareStates([rb], [{ ...rb, maxEntries: 4096 }], { ...opts, pageSize: 4096 });
    expect(l.fields.find((f) => f.field === 'max_entries')!.ok).toBe(false);
  });
});

describe('BTF lost at load', () => {
  it("libbpf's retry line names the map and the kernel's error (1.1 and later wordings)", () => {
    const log = 'libbpf: Error in bpf_create_map_xattr(bt_prefixes):Invalid argument(-22). Retrying without BTF.\n'
      + 'libbpf: Error in bpf_create_map_xattr(other_map): Invalid argument. Retrying without BTF.\n'
      + 'libbpf: map \'unrelated\': created successfully, fd=5\n';
    expect([...btfRetries(log)]).toEqual([['bt_prefixes', 'Invalid argument(-22)'], ['other_map', 'Invalid argument']]);
  });

  it('classifyBtf: the log decides a rejection; the kernel ids tell kept from dropped', () => {
    const ids = { btfId: 7, keyTypeId: 2, valueTypeId: 3 };
    const zero = { btfId: 0, keyTypeId: 0, valueTypeId: 0 };
    const asked = { key: 2, value: 3 };
    expect(classifyBtf(1, asked, zero, 'Invalid argument(-22)')).toMatchObject({ status: 'rejected', error: 'Invalid argument(-22)' });
    expect(classifyBtf(1, asked, ids, undefined).status).toBe('kept');
    expect(classifyBtf(1, { key: 0, value: 0 }, zero, undefined).status).toBe('none');
    // libbpf leaves BTF off for PERF_EVENT_ARRAY (and maps of maps, devmaps, ...) without a warning: not a loss.
    expect(classifyBtf(4, asked, zero, undefined).status).toBe('none');
    expect(classifyBtf(12, asked, zero, undefined).status).toBe('none');
    // A HASH that asked for types and has none, with no retry line this code knows: still a loss.
    expect(classifyBtf(1, asked, zero, undefined).status).toBe('dropped');
    // A kernel too old to report the ids, and no retry logged: nothing says they were lost.
    expect(classifyBtf(1, asked, undefined, undefined).status).toBe('kept');
  });

  it('compareStates: a map whose BTF was rejected gets a failing btf row and a message; kept BTF adds no row', () => {
    const btf = { requestedKeyTypeId: 0, requestedValueTypeId: 3, kernel: { btfId: 0, keyTypeId: 0, valueTypeId: 0 } };
    const r = compareStates([base], [{ ...base, btf: { ...btf, status: 'rejected', error: 'Invalid argument(-22)' } }], opts);
    expect(r.fields.filter((f) => !f.ok)).toEqual([
      { map: 'm', field: 'btf', legacy: '-', migrated: 'rejected by the kernel (libbpf retried without BTF)', ok: false },
    ]);
    expect(r.messages).toEqual([expect.stringMatching(/^map 'm': the kernel rejected its BTF key\/value types \(Invalid argument\(-22\)\).*key is given as a size and the value as a type/)]);
    const d = compareStates([base], [{ ...base, btf: { ...btf, status: 'dropped' } }], opts);
    expect(d.fields.find((f) => f.field === 'btf')).toMatchObject({ migrated: 'not kept (the kernel map has no BTF)', ok: false });
    const k = compareStates([base], [{ ...base, btf: { ...btf, requestedKeyTypeId: 2, status: 'kept' } }], opts);
    expect(k.fields.some((f) => f.field === 'btf')).toBe(false);
    expect(k.messages).toEqual([]);
  });
});

describe('formatVerifyTable / exitCodeFor', () => {
  it('a skipped load never reads as equivalent and exits 2', () => {
    const r = { file: 'a.c', legacyFile: 'a.c', status: 'load-skipped' as const, fields: [], messages: ['load skipped: no caps'] };
    expect(formatVerifyTable(r)).toBe('a.c (legacy: a.c): load skipped (not verified)\n  load skipped: no caps');
    expect(exitCodeFor([r])).toBe(2);
    expect(exitCodeFor([r, { ...r, status: 'different' }])).toBe(1);
    expect(exitCodeFor([{ ...r, status: 'equivalent' }])).toBe(0);
  });
});
