/**
 * The field-to-member translation shared by both legacy map rules (docs/semantics.md §3.1, §3.2):
 * type, key and value sizes, max entries, flags, NUMA node, and the zero-valued
 * fields that have no BTF counterpart.
 */
import { evaluate, mapTypeName, overridableMacroIn } from './cexpr.js';
import { btfKeyAccepted, SIZED_ONLY } from '../abi/index.js';
import type { FileModel } from './file.js';
import type { LegacyMap, MapField } from './legacy-map.js';
import type { MapFix, MapPlan } from './rule.js';
import type { HelperName } from './headers.js';

/** Kernel facts (src/abi), re-exported for the rules that read them here. */
export { btfKeyAccepted, SIZED_ONLY };

/**
 * The map's type as a `BPF_MAP_TYPE_*` suffix. When #if branches give different types the
 * result is undefined unless they all agree on whether `__type` is allowed.
 */
export function resolveMapTypes(map: LegacyMap, file: FileModel): (string | undefined)[] {
  return map.fields.filter((f) => f.name === 'type').map((f) => mapTypeName(f.value, file.macros));
}

/** Whether a field's value is 0 in every build: a default the build may override (`#ifndef FLAGS`) is not. */
export function isZero(value: string, file: FileModel): boolean {
  return evaluate(value, file.macros) === 0n && overridableMacroIn(value, file.macros) === undefined;
}

export function newPlan(map: LegacyMap): MapPlan {
  return {
    map, members: new Map(), memberExtras: new Map(), appended: [], before: [], edits: [],
    needs: new Set(['__uint']), blocked: false, dropStatic: false, group: map.name,
  };
}

/**
 * The members every legacy map shares, as a fix (docs/semantics.md §3):
 *   .type = BPF_MAP_TYPE_HASH, .size_key = sizeof(struct k), ...  →  __uint(type, ...); __type(key, struct k); ...
 * Sizes become `__type` only for key and value together, with types the kernel takes for the map type.
 */
export function commonMembers(map: LegacyMap, file: FileModel): MapFix {
  const members: [MapField, string | null][] = [];
  const needs: HelperName[] = [];
  const types = resolveMapTypes(map, file);
  // Unknown type: sizes are always exact, so stay with them.
  const typed = types.length > 0 && types.every((t) => t !== undefined && !SIZED_ONLY.has(t));
  const innerUnused = !map.fields.some((f) => f.name === 'id' && !isZero(f.value, file));
  // The kernel takes BTF for both key and value or for neither (a map without a key, such as a
  // bloom filter, types its value alone): one `__type` next to a size would cost the map its BTF.
  const keys = map.fields.filter((f) => f.name === 'keySize');
  const values = map.fields.filter((f) => f.name === 'valueSize');
  const keyTyped = keys.length > 0 && keys.every((f) => f.sizeofType && types.every((t) => btfKeyAccepted(t, f.sizeofType!)));
  const keyless = keys.every((f) => isZero(f.value, file)) && types.every((t) => t === 'BLOOM_FILTER');
  const useTypes = typed && values.length > 0 && values.every((f) => f.sizeofType) && (keyTyped || keyless);
  for (const f of map.fields) {
    switch (f.name) {
      case 'type':
        members.push([f, `__uint(type, ${f.value});`]);
        break;
      case 'keySize':
      case 'valueSize': {
        const which = f.name === 'keySize' ? 'key' : 'value';
        if (isZero(f.value, file)) members.push([f, null]);
        else if (useTypes && f.sizeofType) { members.push([f, `__type(${which}, ${f.sizeofType});`]); needs.push('__type'); }
        else members.push([f, `__uint(${which}_size, ${f.value});`]);
        break;
      }
      case 'maxEntries':
        members.push([f, `__uint(max_entries, ${f.value});`]);
        break;
      case 'flags':
        members.push([f, isZero(f.value, file) ? null : `__uint(map_flags, ${f.value});`]);
        break;
      case 'numaNode':
        members.push([f, `__uint(numa_node, ${f.value});`]);
        break;
      case 'id':
      case 'innerId':
        if (isZero(f.value, file)) members.push([f, null]);
        break;
      case 'innerIdx':
        if (innerUnused) members.push([f, null]);
        break;
      case 'innerMapIdx':
        // samples/bpf's loader reads it only for map-in-map types (see the map-in-map rule).
        if (!types.some((t) => t === 'ARRAY_OF_MAPS' || t === 'HASH_OF_MAPS')) members.push([f, null]);
        break;
      case 'pinning':
        break;
    }
  }
  if (map.section.kind === 'call' && map.section.macro === 'SEC') needs.push('SEC');
  return { members, needs };
}
