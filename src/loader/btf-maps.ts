/**
 * BTF map definitions (section `.maps`) already present in a legacy object, read from its BTF the way
 * libbpf's parse_btf_map_def reads them, so that a half-migrated file's BTF maps are expected as they are
 * declared. Nothing is loaded.
 *
 * libbpf's conventions (bpf_helpers.h):
 *   __uint(name, val)    int (*name)[val]          -> PTR to ARRAY: the value is the array's nr_elems
 *   __type(name, T)      typeof(T) *name           -> PTR to T: key/value give sizeof(T)
 *   __array(name, T)     typeof(T) *name[]         -> ARRAY[0] of PTR to T: `values` (inner map or programs)
 *   __ulong(name, val)   enum { ... = val } name   -> map_extra only
 */
import { BTF_KIND, type BtfType, type BtfTypes, type ElfFile, type ElfSymbol, memberByteOffset, readBtf, STT_FUNC, STT_OBJECT } from './elf.js';

import { BPF_MAP_TYPE, LIBBPF_PIN_BY_NAME, LIBBPF_PIN_NONE } from '../abi/index.js';
import type { MapAttributes } from './types.js';

const { PROG_ARRAY, ARRAY_OF_MAPS, HASH_OF_MAPS } = BPF_MAP_TYPE;

export interface BtfMapDef extends MapAttributes {
  numaNode: number;
  pinning: number;
  /** `.values` initializers: slot -> program name (prog array) or inner map name (map of maps). */
  slots: Record<number, string>;
}

export interface BtfMapsRead {
  maps: BtfMapDef[];
  /** Maps of section `.maps` whose definition could not be read (with why): reported, not compared. */
  unreadable: { name: string; reason: string }[];
}

const INT_FIELDS: Record<string, keyof BtfMapDef> = {
  type: 'type', max_entries: 'maxEntries', map_flags: 'flags', numa_node: 'numaNode', pinning: 'pinning',
  key_size: 'keySize', value_size: 'valueSize',
};

class Unreadable extends Error {}

/** `__uint(name, val)`: PTR to ARRAY, whose nr_elems is the value (libbpf's get_map_field_int). */
function uintMember(btf: BtfTypes, m: BtfType['members'][number]): number {
  const ptr = btf.resolve(m.type);
  const arr = ptr?.kind === BTF_KIND.PTR ? btf.resolve(ptr.sizeOrType) : undefined;
  if (!arr || arr.kind !== BTF_KIND.ARRAY || !arr.arrayElem) throw new Unreadable(`member '${m.name}' is not an __uint(...) (a pointer to an array)`);
  return arr.arrayElem.nelems;
}

/** `__type(name, T)`: PTR to T, the size of T (libbpf's btf__resolve_size). */
function typeMemberSize(btf: BtfTypes, m: BtfType['members'][number]): number {
  const ptr = btf.resolve(m.type);
  if (!ptr || ptr.kind !== BTF_KIND.PTR) throw new Unreadable(`member '${m.name}' is not a __type(...) (a pointer to the type)`);
  const size = btf.sizeOf(ptr.sizeOrType);
  if (size === undefined) throw new Unreadable(`the type of '${m.name}' has no size in the BTF (void, a function or an incomplete struct)`);
  return size;
}

/**
 * The program a `.values` relocation names. libbpf looks the target up by the symbol's name, so a
 * relocation against a section symbol (clang's choice for a static function) names no program: libbpf
 * refuses the object, so the slot is not guessed from the offset here either.
 */
function programAt(sym: ElfSymbol): string | undefined {
  return sym.type === STT_FUNC && sym.name ? sym.name : undefined;
}

function readOne(elf: ElfFile, btf: BtfTypes, name: string, st: BtfType, sym: ElfSymbol | undefined): BtfMapDef {
  if (st.kind !== BTF_KIND.STRUCT) throw new Unreadable('its type is not a struct');
  const def: BtfMapDef = { name, type: 0, keySize: 0, valueSize: 0, maxEntries: 0, flags: 0, numaNode: 0, pinning: 0, slots: {} };
  const sizes: Record<'key' | 'value', number | undefined> = { key: undefined, value: undefined };
  let valuesOffset: number | undefined;
  for (const m of st.members) {
    const field = INT_FIELDS[m.name];
    if (field) {
      (def as unknown as Record<string, number>)[field] = uintMember(btf, m);
    } else if (m.name === 'key' || m.name === 'value') {
      sizes[m.name] = typeMemberSize(btf, m);
    } else if (m.name === 'values') {
      const arr = btf.resolve(m.type);
      const ptr = arr?.kind === BTF_KIND.ARRAY && arr.arrayElem?.nelems === 0 ? btf.resolve(arr.arrayElem.type) : undefined;
      if (!ptr || ptr.kind !== BTF_KIND.PTR) throw new Unreadable("member 'values' is not an __array(...) (a zero-sized array of pointers)");
      valuesOffset = memberByteOffset(st, m);
    } else if (m.name === 'map_extra') {
      // __ulong(map_extra, ...) (bloom filter hashes): a libbpf attribute, but the loader does not read it
      // back from bpf_map_info, so it is not compared (legacy maps have no such field).
    } else {
      throw new Unreadable(`member '${m.name}' is not a libbpf map attribute`);
    }
  }
  // libbpf: key/value give the sizes; given next to key_size/value_size they must agree, or the object is refused.
  for (const [k, f] of [['key', 'keySize'], ['value', 'valueSize']] as const) {
    const s = sizes[k];
    if (s === undefined) continue;
    if (def[f] !== 0 && def[f] !== s) throw new Unreadable(`${k}_size ${def[f]} and the size of its ${k} type (${s}) disagree; libbpf refuses the map`);
    def[f] = s;
  }
  if (def.pinning !== LIBBPF_PIN_NONE && def.pinning !== LIBBPF_PIN_BY_NAME) throw new Unreadable(`pinning ${def.pinning}: libbpf accepts only 0 (none) and 1 (LIBBPF_PIN_BY_NAME)`);
  if (valuesOffset !== undefined) {
    const progArray = def.type === PROG_ARRAY;
    if (!progArray && def.type !== ARRAY_OF_MAPS && def.type !== HASH_OF_MAPS) throw new Unreadable("'values' is given for a map that is neither a prog array nor a map of maps; libbpf refuses it");
    // libbpf sets value_size 4 (a program or map fd) for the maps `values` applies to.
    if (def.valueSize !== 0 && def.valueSize !== 4) throw new Unreadable(`value_size ${def.valueSize} with 'values': libbpf requires 4`);
    def.valueSize = 4;
    if (!sym) throw new Unreadable("no ELF symbol to locate its 'values' initializers");
    const mapsSec = elf.sections[sym.shndx];
    const start = sym.value + valuesOffset;
    for (const r of elf.relocationsFor(mapsSec)) {
      if (r.offset < start || r.offset >= sym.value + sym.size) continue;
      if ((r.offset - start) % 8 !== 0) throw new Unreadable("a 'values' relocation is not at a slot boundary");
      const target = r.symbol && (progArray ? programAt(r.symbol) : r.symbol.type === STT_OBJECT ? r.symbol.name || undefined : undefined);
      if (!target) throw new Unreadable(`slot ${(r.offset - start) / 8} of 'values' names no ${progArray ? 'program by name (a static function?)' : 'map by name'}`);
      def.slots[(r.offset - start) / 8] = target;
    }
  }
  return def;
}

/**
 * Read every map of section `.maps` from the object's BTF (DATASEC `.maps`). Maps whose definition
 * cannot be read (no BTF, members libbpf would not accept) are listed in `unreadable` with the reason.
 */
export function readBtfMaps(elf: ElfFile): BtfMapsRead {
  const out: BtfMapsRead = { maps: [], unreadable: [] };
  const sec = elf.section('.maps');
  const symbols = sec ? elf.symbolsIn(sec).filter((s) => s.type === STT_OBJECT && s.name) : [];
  const btf = readBtf(elf);
  const datasec = btf?.datasec('.maps');
  const seen = new Set<string>();
  if (btf && datasec) {
    for (const v of datasec.members) {
      const vt = btf.get(v.type);
      if (!vt || vt.kind !== BTF_KIND.VAR) continue;
      seen.add(vt.name);
      const st = btf.resolve(vt.sizeOrType);
      try {
        if (!st) throw new Unreadable('its type is not in the BTF');
        out.maps.push(readOne(elf, btf, vt.name, st, symbols.find((s) => s.name === vt.name)));
      } catch (e) {
        if (!(e instanceof Unreadable)) throw e;
        out.unreadable.push({ name: vt.name, reason: e.message });
      }
    }
  }
  for (const s of symbols) {
    if (seen.has(s.name)) continue;
    out.unreadable.push({ name: s.name, reason: btf ? 'no BTF definition for it (DATASEC ".maps")' : 'the legacy object has no BTF (compiled with -g0?)' });
  }
  // In section order (as readelf lists them), whatever the order of the DATASEC.
  const at = (name: string) => symbols.find((s) => s.name === name)?.value ?? Number.MAX_SAFE_INTEGER;
  out.maps.sort((a, b) => at(a.name) - at(b.name));
  out.unreadable.sort((a, b) => at(a.name) - at(b.name));
  return out;
}
