/**
 * The expected state of a legacy object: what iproute2's legacy loader (lib/bpf_legacy.c) would
 * create from it, read from the compiled ELF only (libbpf 1.x refuses legacy `maps` sections).
 * See docs/semantics.md §2 and §5.
 */
import {
  asU32, BPF_ELF_MAP_FIELDS, BPF_MAP_DEF_7_FIELDS, BPF_MAP_TYPE, bpfLoadSlot, ELF_MAP_FIELD_NAMES, LEGACY_MIN_FIELDS, MAP_DEF_FIELD_NAMES,
  mapTypeLabel, parseTailSection, PIN_GLOBAL_NS, PIN_OBJECT_NS, type LegacyFieldName,
} from '../abi/index.js';
import { readBtfMaps, type BtfMapDef } from './btf-maps.js';
import { btfStructLayouts, ElfFile, SHF_EXECINSTR, STT_FUNC, STT_OBJECT, STB_LOCAL } from './elf.js';
import type { MapState } from './types.js';

/** Canonical legacy fields, whatever the struct copy calls them. */
export interface LegacyMapDef {
  name: string;
  /** 'bpf_elf_map' (iproute2) or 'bpf_map_def' (old libbpf / samples). */
  flavor: 'bpf_elf_map' | 'bpf_map_def';
  type: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  id: number;
  pinning: number;
  innerId: number;
  innerIdx: number;
  numaNode: number;
  /** How the layout was determined: from BTF member names, or guessed from the symbol size. */
  layout: 'btf' | 'size';
}

export interface LegacyProgSection {
  section: string;
  id: number;
  key: number;
  program: string;
}

export interface LegacyObject {
  maps: LegacyMapDef[];
  /**
   * Maps that are BTF maps already (section `.maps`, half-migrated files), read from the object's BTF:
   * expected as they are declared.
   */
  btfMaps: BtfMapDef[];
  /** Maps of section `.maps` whose BTF definition could not be read: not compared (see expectedState). */
  btfUnreadable: { name: string; reason: string }[];
  tailCalls: LegacyProgSection[];
  /** Sections samples/bpf's bpf_load.c puts into its prog array ("socket/N", "kprobe/N", ...), with the slot N. */
  numberedSections: { section: string; key: number; program: string }[];
  /** All program names (function symbols in executable sections). */
  programs: string[];
  messages: string[];
}


/** This model's name for each canonical field: samples/bpf's inner_map_idx is kept where inner_idx is. */
const CANONICAL: Record<LegacyFieldName, keyof LegacyMapDef> = {
  type: 'type', keySize: 'keySize', valueSize: 'valueSize', maxEntries: 'maxEntries', flags: 'flags', id: 'id',
  pinning: 'pinning', innerId: 'innerId', innerIdx: 'innerIdx', innerMapIdx: 'innerIdx', numaNode: 'numaNode',
};
const FIELD_ALIASES: Record<string, keyof LegacyMapDef> = Object.fromEntries(
  Object.entries({ ...ELF_MAP_FIELD_NAMES, ...MAP_DEF_FIELD_NAMES }).map(([spelling, f]) => [spelling, CANONICAL[f]]),
);

/** iproute2 `sscanf(section, "%i/%i", &id, &key) == 2`, with id and key as the `__u32`s it stores them in. */
export function parseTailCallSection(name: string): { id: number; key: number } | undefined {
  const t = parseTailSection(name);
  return t && { id: asU32(t.id), key: asU32(t.key) };
}

/** Read the legacy map definitions and tail-call program sections from a compiled legacy object. */
export function readLegacyObject(buf: Buffer): LegacyObject {
  const elf = new ElfFile(buf);
  const messages: string[] = [];
  const maps: LegacyMapDef[] = [];
  const mapsSec = elf.section('maps');
  if (mapsSec) {
    const data = elf.sectionData(mapsSec);
    const layouts = btfStructLayouts(elf, 'maps');
    for (const sym of elf.symbolsIn(mapsSec)) {
      if (sym.type !== STT_OBJECT || !sym.name) continue;
      const def: LegacyMapDef = {
        name: sym.name, flavor: 'bpf_elf_map', type: 0, keySize: 0, valueSize: 0, maxEntries: 0, flags: 0,
        id: 0, pinning: 0, innerId: 0, innerIdx: 0, numaNode: 0, layout: 'size',
      };
      const rd = (off: number) => (off + 4 <= sym.size && sym.value + off + 4 <= data.length
        ? (elf.little ? data.readUInt32LE(sym.value + off) : data.readUInt32BE(sym.value + off)) : 0);
      const btf = layouts.get(sym.name);
      if (btf && btf.some((m) => m.name in FIELD_ALIASES)) {
        def.layout = 'btf';
        if (btf.some((m) => m.name === 'key_size' || m.name === 'max_entries')) def.flavor = 'bpf_map_def';
        for (const m of btf) {
          const f = FIELD_ALIASES[m.name];
          if (!f) continue;
          (def as unknown as Record<string, number>)[f] = rd(m.offset);
        }
      } else {
        if (sym.size < LEGACY_MIN_FIELDS * 4) {
          messages.push(`map '${sym.name}': ${sym.size} bytes in section "maps", fewer than the 4 fields the loader needs; skipped`);
          continue;
        }
        // Without BTF the symbol size decides: 28 bytes is struct bpf_map_def (7 fields); anything
        // else is a prefix of iproute2's nine-field struct bpf_elf_map, zero-filled.
        const order: readonly string[] = sym.size === BPF_MAP_DEF_7_FIELDS.length * 4 ? BPF_MAP_DEF_7_FIELDS : BPF_ELF_MAP_FIELDS;
        if (order === BPF_MAP_DEF_7_FIELDS) def.flavor = 'bpf_map_def';
        order.forEach((n, i) => {
          (def as unknown as Record<string, number>)[FIELD_ALIASES[n]] = rd(i * 4);
        });
      }
      if (def.flavor === 'bpf_map_def') {
        // inner_map_idx of bpf_map_def indexes the maps section; it has no slot semantics.
        def.innerId = 0;
        def.id = 0;
        def.pinning = 0;
      }
      maps.push(def);
    }
  }

  const tailCalls: LegacyProgSection[] = [];
  const numberedSections: LegacyObject['numberedSections'] = [];
  const programs: string[] = [];
  for (const sec of elf.sections) {
    if (sec.type !== 1 || (sec.flags & SHF_EXECINSTR) === 0n || sec.size === 0) continue;
    const funcs = elf.symbolsIn(sec).filter((s) => s.type === STT_FUNC && s.bind !== STB_LOCAL);
    const allFuncs = funcs.length ? funcs : elf.symbolsIn(sec).filter((s) => s.type === STT_FUNC);
    if (sec.name !== '.text') for (const f of allFuncs) programs.push(f.name);
    const slot = bpfLoadSlot(sec.name);
    if (slot !== undefined) {
      const first = allFuncs.find((f) => f.value === 0) ?? allFuncs[0];
      numberedSections.push({ section: sec.name, key: slot, program: first ? first.name : sec.name });
    }
    const tc = parseTailCallSection(sec.name);
    if (!tc) continue;
    const prog = allFuncs.find((f) => f.value === 0) ?? allFuncs[0];
    tailCalls.push({ section: sec.name, id: tc.id, key: tc.key, program: prog ? prog.name : sec.name });
  }
  const btf = readBtfMaps(elf);
  return { maps, btfMaps: btf.maps, btfUnreadable: btf.unreadable, tailCalls, numberedSections, programs, messages };
}

/**
 * What the legacy object would create: one MapState per map symbol of section `maps`, as iproute2's
 * legacy loader creates it (docs/semantics.md §2), then one per map of section `.maps` that is a BTF map already,
 * as libbpf creates it from its definition (marked `alreadyBtf`). `notCompared` lists the `.maps` maps
 * whose definition could not be read: their presence is checked, their fields are not.
 */
export function expectedState(obj: LegacyObject): { maps: MapState[]; messages: string[]; notCompared: { name: string; reason: string }[] } {
  const messages = [...obj.messages];
  const maps: MapState[] = obj.maps.map((m) => ({
    name: m.name,
    type: m.type,
    keySize: m.keySize,
    valueSize: m.valueSize,
    maxEntries: m.maxEntries,
    flags: m.flags,
    pinned: m.pinning === PIN_OBJECT_NS || m.pinning >= PIN_GLOBAL_NS,
    slots: {},
  }));
  obj.maps.forEach((m, i) => {
    // samples/bpf's bpf_load.c created maps of maps with value_size 4 (an inner map fd) whatever the
    // bpf_map_def said, usually nothing; the kernel requires 4, and a BTF map-of-maps gets 4 from __array.
    const ofMaps = m.type === BPF_MAP_TYPE.ARRAY_OF_MAPS || m.type === BPF_MAP_TYPE.HASH_OF_MAPS;
    if (m.flavor === 'bpf_map_def' && ofMaps && m.valueSize === 0) {
      maps[i].valueSize = 4;
      messages.push(`map '${m.name}': ${mapTypeLabel(m.type)} with value_size 0 in a bpf_map_def means 4, an inner map fd (as samples/bpf's bpf_load.c created it)`);
    }
  });
  for (const m of obj.maps) {
    if (m.pinning > PIN_GLOBAL_NS) {
      messages.push(`map '${m.name}': custom pinning id ${m.pinning} (resolved through /etc/iproute2/bpf_pinning) has no BTF equivalent`);
    }
  }
  // Tail calls: slot KEY of the first PROG_ARRAY whose id == ID; sections without such a map are skipped.
  for (const tc of obj.tailCalls) {
    const idx = obj.maps.findIndex((m) => m.flavor === 'bpf_elf_map' && m.type === BPF_MAP_TYPE.PROG_ARRAY && m.id === tc.id);
    if (idx < 0) {
      messages.push(`section "${tc.section}": no prog array with id ${tc.id} in this object; the legacy loader skips it`);
      continue;
    }
    const def = obj.maps[idx];
    if (tc.key >= def.maxEntries) {
      messages.push(`section "${tc.section}": key ${tc.key} is out of range for '${def.name}' (max_elem ${def.maxEntries}); the legacy loader fails to store it`);
      continue;
    }
    maps[idx].slots[tc.key] = tc.program;
  }
  // samples/bpf's bpf_load.c: numbered sections go to slot N of the last PROG_ARRAY of section "maps".
  if (obj.numberedSections.length > 0 && obj.maps.length > 0 && obj.maps.every((m) => m.flavor === 'bpf_map_def')) {
    const last = obj.maps.map((m) => m.type).lastIndexOf(BPF_MAP_TYPE.PROG_ARRAY);
    for (const n of obj.numberedSections) {
      if (last < 0) { messages.push(`section "${n.section}": no prog array in this object; bpf_load.c fails to store it`); continue; }
      if (n.key >= obj.maps[last].maxEntries) { messages.push(`section "${n.section}": slot ${n.key} is out of range for '${obj.maps[last].name}'`); continue; }
      maps[last].slots[n.key] = n.program;
    }
  }
  // Map-in-map: every map with id != 0, inner_id == 0 and inner_idx != 0xffffffff goes to slot inner_idx
  // of every map-in-map whose inner_id equals its id.
  obj.maps.forEach((outer, oi) => {
    if (outer.flavor !== 'bpf_elf_map') return;
    if (outer.type !== BPF_MAP_TYPE.ARRAY_OF_MAPS && outer.type !== BPF_MAP_TYPE.HASH_OF_MAPS) return;
    if (outer.innerId === 0) {
      messages.push(`map '${outer.name}': map-in-map without inner_id; the legacy loader cannot create it`);
      return;
    }
    if (!obj.maps.some((m) => m.id === outer.innerId)) {
      messages.push(`map '${outer.name}': no map with id ${outer.innerId} to serve as inner template`);
    }
    for (const inner of obj.maps) {
      if (inner.id === 0 || inner.innerId !== 0 || inner.innerIdx === 0xffffffff) continue;
      if (inner.id !== outer.innerId) continue;
      if (outer.type === BPF_MAP_TYPE.ARRAY_OF_MAPS && inner.innerIdx >= outer.maxEntries) {
        messages.push(`map '${inner.name}': inner_idx ${inner.innerIdx} is out of range for '${outer.name}'`);
        continue;
      }
      maps[oi].slots[inner.innerIdx] = inner.name;
    }
  });
  // Maps already BTF in the legacy file: libbpf creates them from their definition, `.values` filling the
  // slots. Appended after the legacy ones: the indices above are those of obj.maps.
  for (const b of obj.btfMaps) {
    maps.push({
      name: b.name, type: b.type, keySize: b.keySize, valueSize: b.valueSize, maxEntries: b.maxEntries, flags: b.flags,
      pinned: b.pinning === 1, slots: { ...b.slots }, alreadyBtf: true,
    });
    if (b.numaNode !== 0) messages.push(`map '${b.name}': numa_node ${b.numaNode} is not reported by the kernel; not compared`);
  }
  if (obj.btfMaps.length) {
    messages.push(`already BTF in the legacy file (section ".maps"), expected as declared: ${obj.btfMaps.map((b) => `'${b.name}'`).join(', ')}`);
  }
  const notCompared = obj.btfUnreadable.map((u) => ({ ...u }));
  for (const u of notCompared) messages.push(`map '${u.name}': not compared (already BTF in the legacy file): ${u.reason}`);
  return { maps, messages, notCompared };
}
