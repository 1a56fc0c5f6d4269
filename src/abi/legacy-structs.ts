/**
 * The legacy map structs, field by field (docs/semantics.md §1.1, §1.5). Every field is a
 * 32-bit unsigned integer, so field i sits at byte offset 4 * i.
 */

/** iproute2's `struct bpf_elf_map` (include/bpf_elf.h): nine fields, 36 bytes. */
export const BPF_ELF_MAP_FIELDS = ['type', 'size_key', 'size_value', 'max_elem', 'flags', 'id', 'pinning', 'inner_id', 'inner_idx'] as const;

/** Older and vendored copies of `struct bpf_elf_map`: old Android iproute2 (six fields), and the one with `flags` and without map-in-map (seven). */
export const BPF_ELF_MAP_6_FIELDS = ['type', 'size_key', 'size_value', 'max_elem', 'id', 'pinning'] as const;
export const BPF_ELF_MAP_7_FIELDS = ['type', 'size_key', 'size_value', 'max_elem', 'flags', 'id', 'pinning'] as const;

/** libbpf 0.x's `struct bpf_map_def` (bpf/bpf_helpers.h before 1.0): five fields. */
export const BPF_MAP_DEF_FIELDS = ['type', 'key_size', 'value_size', 'max_entries', 'map_flags'] as const;
/** samples/bpf's copy (bpf_load.h): libbpf 0.x's five, then `inner_map_idx` and `numa_node`. */
export const BPF_MAP_DEF_7_FIELDS = [...BPF_MAP_DEF_FIELDS, 'inner_map_idx', 'numa_node'] as const;

/** The fewest fields iproute2's legacy loader accepts in a map symbol (type, sizes, max_elem): smaller symbols are skipped. */
export const LEGACY_MIN_FIELDS = 4;

/** Canonical names of the legacy fields, shared by both structs. */
export type LegacyFieldName =
  | 'type' | 'keySize' | 'valueSize' | 'maxEntries' | 'flags' | 'id' | 'pinning'
  | 'innerId' | 'innerIdx' | 'innerMapIdx' | 'numaNode';

/** `struct bpf_elf_map`'s field names (any copy) to canonical names. */
export const ELF_MAP_FIELD_NAMES: Readonly<Record<string, LegacyFieldName>> = Object.freeze({
  type: 'type', size_key: 'keySize', size_value: 'valueSize', max_elem: 'maxEntries', flags: 'flags',
  id: 'id', pinning: 'pinning', inner_id: 'innerId', inner_idx: 'innerIdx',
});

/** `struct bpf_map_def`'s field names (any copy) to canonical names. */
export const MAP_DEF_FIELD_NAMES: Readonly<Record<string, LegacyFieldName>> = Object.freeze({
  type: 'type', key_size: 'keySize', value_size: 'valueSize', max_entries: 'maxEntries', map_flags: 'flags',
  inner_map_idx: 'innerMapIdx', numa_node: 'numaNode',
});

/** Every field name of either struct: what a field access on a legacy map may name (`NAME.max_elem`). */
export const LEGACY_FIELD_SPELLINGS: ReadonlySet<string> = new Set([...Object.keys(ELF_MAP_FIELD_NAMES), ...Object.keys(MAP_DEF_FIELD_NAMES)]);
