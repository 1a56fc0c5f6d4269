/**
 * The field-to-member translation shared by both legacy map rules (semantics §3):
 * type, key and value sizes, max entries, flags, NUMA node, and the zero-valued
 * fields that have no BTF counterpart.
 */
import { evaluate, mapTypeName } from './cexpr.js';
import type { FileModel } from './file.js';
import type { LegacyMap, MapField } from './legacy-map.js';
import type { MapPlan } from './rule.js';

/** Map types whose key/value must be sizes, not BTF types (the kernel or libbpf rejects or strips them). */
export const SIZED_ONLY = new Set([
  'PROG_ARRAY', 'PERF_EVENT_ARRAY', 'CGROUP_ARRAY', 'STACK_TRACE', 'ARRAY_OF_MAPS', 'HASH_OF_MAPS',
  'DEVMAP', 'DEVMAP_HASH', 'CPUMAP', 'XSKMAP', 'SOCKMAP', 'SOCKHASH', 'QUEUE', 'STACK', 'RINGBUF',
  'USER_RINGBUF', 'REUSEPORT_SOCKARRAY', 'STRUCT_OPS',
]);

/**
 * The map's type as a `BPF_MAP_TYPE_*` suffix. When #if branches give different types the
 * result is undefined unless they all agree on whether `__type` is allowed.
 */
export function resolveMapTypes(map: LegacyMap, file: FileModel): (string | undefined)[] {
  return map.fields.filter((f) => f.name === 'type').map((f) => mapTypeName(f.value, file.macros));
}

export function isZero(value: string, file: FileModel): boolean {
  return evaluate(value, file.macros) === 0n;
}

export function newPlan(map: LegacyMap): MapPlan {
  return {
    map, members: new Map(), memberExtras: new Map(), appended: [], before: [], edits: [],
    needs: new Set(['__uint']), blocked: false, dropStatic: false, group: map.name,
  };
}

/**
 * Fills the members every legacy map shares. Returns whether key/value may carry BTF types,
 * which later rules (annotations) need to know.
 */
export function planCommonMembers(plan: MapPlan, file: FileModel): { typed: boolean } {
  const { map } = plan;
  const types = resolveMapTypes(map, file);
  // Unknown type: sizes are always exact, so stay with them.
  const typed = types.length > 0 && types.every((t) => t !== undefined && !SIZED_ONLY.has(t));
  const innerUnused = !map.fields.some((f) => f.name === 'id' && !isZero(f.value, file));
  for (const f of map.fields) {
    switch (f.name) {
      case 'type':
        plan.members.set(f, `__uint(type, ${f.value});`);
        break;
      case 'keySize':
      case 'valueSize': {
        const which = f.name === 'keySize' ? 'key' : 'value';
        if (isZero(f.value, file)) plan.members.set(f, null);
        else if (typed && f.sizeofType) { plan.members.set(f, `__type(${which}, ${f.sizeofType});`); plan.needs.add('__type'); }
        else plan.members.set(f, `__uint(${which}_size, ${f.value});`);
        break;
      }
      case 'maxEntries':
        plan.members.set(f, `__uint(max_entries, ${f.value});`);
        break;
      case 'flags':
        plan.members.set(f, isZero(f.value, file) ? null : `__uint(map_flags, ${f.value});`);
        break;
      case 'numaNode':
        plan.members.set(f, `__uint(numa_node, ${f.value});`);
        break;
      case 'id':
      case 'innerId':
        if (isZero(f.value, file)) plan.members.set(f, null);
        break;
      case 'innerIdx':
        if (innerUnused) plan.members.set(f, null);
        break;
      case 'innerMapIdx':
        if (isZero(f.value, file) && !types.some((t) => t === 'ARRAY_OF_MAPS' || t === 'HASH_OF_MAPS')) plan.members.set(f, null);
        break;
      case 'pinning':
        break;
    }
  }
  if (plan.map.section.kind === 'call' && plan.map.section.macro === 'SEC') plan.needs.add('SEC');
  return { typed };
}
