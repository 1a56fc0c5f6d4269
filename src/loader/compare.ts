/** Field-by-field comparison of the legacy expected state with what the kernel holds for the migrated object. */
import { BPF_MAP_TYPE, mapFlag, mapTypeLabel as mapTypeName } from '../abi/index.js';
import type { FieldVerdict, MapState } from './types.js';

/** Kernel object names are cut to 15 characters (BPF_OBJ_NAME_LEN - 1). */
export const KERNEL_NAME_LEN = 15;

const BPF_F_RDONLY_PROG = mapFlag('RDONLY_PROG');

export function sameName(a: string, b: string): boolean {
  return a === b || (a.length >= KERNEL_NAME_LEN || b.length >= KERNEL_NAME_LEN) && a.slice(0, KERNEL_NAME_LEN) === b.slice(0, KERNEL_NAME_LEN);
}

function hex(n: number): string {
  return n === 0 ? '0' : `0x${n.toString(16)}`;
}

/** The `btf` row's migrated value when the map lost its BTF types (undefined when it did not). */
export function btfLoss(m: MapState): string | undefined {
  if (m.btf?.status === 'rejected') return 'rejected by the kernel (libbpf retried without BTF)';
  if (m.btf?.status === 'dropped') return 'not kept (the kernel map has no BTF)';
  return undefined;
}

/** What the user reads about a map that lost its BTF types: the kernel's error and the likely cause. */
export function btfLossMessage(m: MapState): string {
  const b = m.btf!;
  const what = b.status === 'rejected'
    ? `the kernel rejected its BTF key/value types${b.error ? ` (${b.error})` : ''} and libbpf created it without BTF`
    : 'its definition has BTF key/value types but the kernel map has none';
  let why: string;
  if ((b.requestedKeyTypeId === 0) !== (b.requestedValueTypeId === 0)) {
    why = `the ${b.requestedKeyTypeId === 0 ? 'key is given as a size and the value as a type' : 'key is given as a type and the value as a size'}, and the kernel checks both as types (type id 0 has no size): give both with __type(...) or both with __uint(key_size/value_size, ...)`;
  } else if (m.type === BPF_MAP_TYPE.LPM_TRIE) {
    why = 'an LPM_TRIE key must be a struct (__u32 prefixlen, then the data): declare one, or give sizes with __uint(key_size/value_size, ...)';
  } else if (m.type === BPF_MAP_TYPE.ARRAY || m.type === BPF_MAP_TYPE.PERCPU_ARRAY) {
    why = `an ${mapTypeName(m.type)} key must be a 32-bit integer (__u32)`;
  } else {
    why = 'the types must have the sizes of key_size and value_size and be types this map type allows';
  }
  return `map '${m.name}': ${what}: ${why}`;
}

export interface CompareOptions {
  /** Number of possible CPUs: a legacy PERF_EVENT_ARRAY with max_elem 0 gets one slot per CPU. */
  possibleCpus: number;
  /** Page size, for libbpf's rounding of ring buffer sizes (maps already BTF in the legacy file); default 4096. */
  pageSize?: number;
  /**
   * Maps already BTF in the legacy file whose definition could not be read (expectedState's `notCompared`):
   * their presence is checked, their fields are reported as not compared and do not fail the verdict.
   */
  notCompared?: { name: string; reason: string }[];
}

/**
 * libbpf (adjust_ringbuf_sz, since 0.8) rounds a RINGBUF / USER_RINGBUF max_entries up to a power-of-2
 * multiple of the page size before creating the map; 0 stays 0 (the kernel rejects it).
 */
export function libbpfRingbufSize(sz: number, pageSize: number): number {
  if (sz === 0) return 0;
  const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
  if (sz % pageSize === 0 && isPow2(sz / pageSize)) return sz;
  for (let mul = 1; mul * pageSize <= 0xffffffff; mul *= 2) if (mul * pageSize > sz) return mul * pageSize;
  return sz;
}

/** Compare expected (legacy) and actual (migrated) maps. Every checked field yields one verdict. */
export function compareStates(expected: MapState[], actual: MapState[], opts: CompareOptions): { fields: FieldVerdict[]; messages: string[] } {
  const fields: FieldVerdict[] = [];
  const messages: string[] = [];
  const used = new Set<MapState>();
  for (const exp of expected) {
    const act = actual.find((a) => !used.has(a) && a.name === exp.name) ?? actual.find((a) => !used.has(a) && sameName(a.name, exp.name));
    if (!act) {
      fields.push({ map: exp.name, field: 'map', legacy: 'present', migrated: 'missing', ok: false });
      continue;
    }
    used.add(act);
    const row = (field: string, l: string, m: string, ok = l === m) => fields.push({ map: exp.name, field, legacy: l, migrated: m, ok });
    row('type', mapTypeName(exp.type), mapTypeName(act.type));
    row('key_size', String(exp.keySize), String(act.keySize));
    row('value_size', String(exp.valueSize), String(act.valueSize));
    let expMax = exp.maxEntries;
    if (exp.type === BPF_MAP_TYPE.PERF_EVENT_ARRAY && expMax === 0) {
      expMax = opts.possibleCpus;
      messages.push(`map '${exp.name}': PERF_EVENT_ARRAY with max_entries 0 means one slot per possible CPU (${expMax})`);
    }
    const ringbuf = exp.type === BPF_MAP_TYPE.RINGBUF || exp.type === BPF_MAP_TYPE.USER_RINGBUF;
    if (exp.alreadyBtf && ringbuf && libbpfRingbufSize(expMax, opts.pageSize ?? 4096) !== expMax) {
      const adjusted = libbpfRingbufSize(expMax, opts.pageSize ?? 4096);
      messages.push(`map '${exp.name}': libbpf rounds a ${mapTypeName(exp.type)} max_entries ${expMax} up to ${adjusted} (a power-of-2 multiple of the page size)`);
      expMax = adjusted;
    }
    row('max_entries', String(expMax), String(act.maxEntries));
    // The kernel itself adds BPF_F_RDONLY_PROG to every DEVMAP(_HASH) (dev_map_alloc_check), whoever creates it.
    const kernelAdded = (exp.type === BPF_MAP_TYPE.DEVMAP || exp.type === BPF_MAP_TYPE.DEVMAP_HASH) ? BPF_F_RDONLY_PROG : 0;
    row('map_flags', hex(exp.flags), hex(act.flags), (exp.flags | kernelAdded) === (act.flags | kernelAdded));
    row('pinned', exp.pinned ? 'yes' : 'no', act.pinned ? 'yes' : 'no');
    // Legacy maps have no BTF to compare with; what is checked is that the migrated map kept the types it
    // declares. A rejection is a difference although every size matches: libbpf warns at every load, and
    // tools that read the map's BTF (bpftool map dump, pretty printing, BTF-typed values) lose it.
    const lost = btfLoss(act);
    if (lost !== undefined) {
      row('btf', '-', lost, false);
      messages.push(btfLossMessage(act));
    }
    const keys = [...new Set([...Object.keys(exp.slots), ...Object.keys(act.slots)].map(Number))].sort((a, b) => a - b);
    for (const k of keys) {
      const l = exp.slots[k];
      const m = act.slots[k];
      row(`slot[${k}]`, l ?? '(empty)', m ?? '(empty)', l !== undefined && m !== undefined && sameName(l, m));
    }
  }
  // Already BTF in the legacy file, definition unreadable: whether the map is still there is known, its
  // fields are not; the row says so and does not fail the verdict (the message says why, from expectedState).
  for (const nc of opts.notCompared ?? []) {
    const act = actual.find((a) => !used.has(a) && a.name === nc.name) ?? actual.find((a) => !used.has(a) && sameName(a.name, nc.name));
    if (!act) {
      fields.push({ map: nc.name, field: 'map', legacy: 'present', migrated: 'missing', ok: false });
      continue;
    }
    used.add(act);
    fields.push({ map: nc.name, field: 'map', legacy: 'already BTF', migrated: 'present', ok: true, compared: false });
  }
  for (const act of actual) {
    if (used.has(act)) continue;
    fields.push({ map: act.name, field: 'map', legacy: 'missing', migrated: 'present', ok: false });
  }
  return { fields, messages };
}
