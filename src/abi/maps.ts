/**
 * Map facts of the kernel UAPI (linux/bpf.h) and of libbpf: the map types by number, the
 * `BPF_F_*` map flags, and which map types take BTF for their key and value.
 */
import { normaliseType } from './c-types.js';

/** `enum bpf_map_type` suffixes (`BPF_MAP_TYPE_<name>`), in ABI order: the index is the number. */
export const MAP_TYPES = [
  'UNSPEC', 'HASH', 'ARRAY', 'PROG_ARRAY', 'PERF_EVENT_ARRAY', 'PERCPU_HASH', 'PERCPU_ARRAY',
  'STACK_TRACE', 'CGROUP_ARRAY', 'LRU_HASH', 'LRU_PERCPU_HASH', 'LPM_TRIE', 'ARRAY_OF_MAPS',
  'HASH_OF_MAPS', 'DEVMAP', 'SOCKMAP', 'CPUMAP', 'XSKMAP', 'SOCKHASH', 'CGROUP_STORAGE',
  'REUSEPORT_SOCKARRAY', 'PERCPU_CGROUP_STORAGE', 'QUEUE', 'STACK', 'SK_STORAGE', 'DEVMAP_HASH',
  'STRUCT_OPS', 'RINGBUF', 'INODE_STORAGE', 'TASK_STORAGE', 'BLOOM_FILTER', 'USER_RINGBUF',
  'CGRP_STORAGE', 'ARENA',
] as const;

export type MapTypeName = (typeof MAP_TYPES)[number];

/** Map type numbers by suffix: `BPF_MAP_TYPE.PROG_ARRAY` is 3. */
export const BPF_MAP_TYPE = Object.freeze(Object.fromEntries(MAP_TYPES.map((t, i) => [t, i]))) as Readonly<Record<MapTypeName, number>>;

/** The suffix of map type number `n` (`PROG_ARRAY`), or the number itself when the table does not know it. */
export function mapTypeLabel(n: number): string {
  return MAP_TYPES[n] ?? String(n);
}

/** Map creation flags (an `enum` in linux/bpf.h, so no #define gives them): `BPF_F_<name>` is bit i. */
export const MAP_FLAGS = [
  'NO_PREALLOC', 'NO_COMMON_LRU', 'NUMA_NODE', 'RDONLY', 'WRONLY', 'STACK_BUILD_ID', 'ZERO_SEED',
  'RDONLY_PROG', 'WRONLY_PROG', 'CLONE', 'MMAPABLE', 'PRESERVE_ELEMS', 'INNER_MAP',
] as const;

/** `BPF_F_<name>` as a number. */
export function mapFlag(name: (typeof MAP_FLAGS)[number]): number {
  return 1 << MAP_FLAGS.indexOf(name);
}

/**
 * Map types whose key and value must be sizes, not BTF types: libbpf strips key/value BTF for
 * them, or the kernel rejects it, or (PROG_ARRAY) whether it keeps it depends on the kernel
 * (docs/semantics.md §3.2).
 */
export const SIZED_ONLY: ReadonlySet<string> = new Set<MapTypeName>([
  'PROG_ARRAY', 'PERF_EVENT_ARRAY', 'CGROUP_ARRAY', 'STACK_TRACE', 'ARRAY_OF_MAPS', 'HASH_OF_MAPS',
  'DEVMAP', 'DEVMAP_HASH', 'CPUMAP', 'XSKMAP', 'SOCKMAP', 'SOCKHASH', 'QUEUE', 'STACK', 'RINGBUF',
  'USER_RINGBUF', 'REUSEPORT_SOCKARRAY', 'STRUCT_OPS',
]);

const INT32 = new Set(['int', 'unsigned int', 'unsigned', 'signed int', 'signed', '__u32', '__s32', 'u32', 's32', 'uint32_t', 'int32_t',
  '__uint32_t', '__int32_t', 'u_int32_t', '__be32', '__le32', 'be32', 'le32']);
const INT64 = new Set(['__u64', '__s64', 'u64', 's64', 'uint64_t', 'int64_t', 'unsigned long long', 'long long', 'unsigned long', 'long']);

/**
 * Whether the kernel takes this BTF key type for a map of this type (its map_check_btf): an
 * array's key must be a 32-bit integer, an LPM trie's a struct, local storage's a 32-bit
 * integer, cgroup storage's its key struct or a 64-bit integer. A rejected type costs the
 * map its BTF (libbpf retries without it), so such keys stay sizes.
 */
export function btfKeyAccepted(mapType: string | undefined, keyType: string): boolean {
  const t = normaliseType(keyType).replace(/\b(const|volatile)\b\s*/g, '').trim();
  switch (mapType) {
    case 'ARRAY': case 'PERCPU_ARRAY': case 'SK_STORAGE': case 'INODE_STORAGE': case 'TASK_STORAGE': case 'CGRP_STORAGE':
      return INT32.has(t);
    case 'LPM_TRIE':
      return /^struct \w+$/.test(t);
    case 'CGROUP_STORAGE': case 'PERCPU_CGROUP_STORAGE':
      return t === 'struct bpf_cgroup_storage_key' || INT64.has(t);
    default:
      return true;
  }
}
