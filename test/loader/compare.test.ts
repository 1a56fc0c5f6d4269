/** compareStates and the report format, without a kernel. */
import { describe, expect, it } from 'vitest';
import { compareStates, exitCodeFor, formatVerifyTable, sameName, type MapState } from '../../src/loader/index.js';

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

describe('formatVerifyTable / exitCodeFor', () => {
  it('a skipped load never reads as equivalent and exits 2', () => {
    const r = { file: 'a.c', legacyFile: 'a.c', status: 'load-skipped' as const, fields: [], messages: ['load skipped: no caps'] };
    expect(formatVerifyTable(r)).toBe('a.c (legacy: a.c): load skipped (not verified)\n  load skipped: no caps');
    expect(exitCodeFor([r])).toBe(2);
    expect(exitCodeFor([r, { ...r, status: 'different' }])).toBe(1);
    expect(exitCodeFor([{ ...r, status: 'equivalent' }])).toBe(0);
  });
});
