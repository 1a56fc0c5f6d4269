/**
 * Loading a migrated (BTF-map) object with libbpf and reading back what the kernel holds:
 * map info by fd, prog-array and map-in-map slots (ids resolved to names), pin files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { libbpf, libc, withLibbpfLog } from './ffi.js';
import { BPF_MAP_TYPE, BPF_PROG_TYPES, iproute2SectionProgType } from '../abi/index.js';
import type { MapBtf, MapState } from './types.js';

/**
 * Resolve `--prog-type`: a kernel name (`sched_cls`, `BPF_PROG_TYPE_XDP`), a number, or a libbpf
 * section name (`tc`, `xdp`). Undefined when unknown.
 */
export function resolveProgType(spec: string): number | undefined {
  const s = spec.trim().toLowerCase().replace(/^bpf_prog_type_/, '');
  if (/^\d+$/.test(s)) return Number(s);
  const i = (BPF_PROG_TYPES as readonly string[]).indexOf(s);
  if (i > 0) return i;
  const tc = iproute2SectionProgType(s);
  if (tc !== undefined) return tc;
  try {
    const t = [0];
    const a = [0];
    if (libbpf().progTypeByName(spec, t, a) === 0 && t[0] > 0) return t[0];
  } catch {
    /* libbpf missing */
  }
  return undefined;
}

export interface LoadOutcome {
  ok: boolean;
  maps: MapState[];
  programs: { name: string; section: string; type: number; id?: number }[];
  messages: string[];
  /** Name of the program the kernel (or libbpf) refused, when known. */
  failedProgram?: string;
  /** Verifier log of the failed program (full). */
  verifierLog?: string;
  /** libbpf's warnings (and errors) during open/load. */
  libbpfLog: string;
  error?: string;
}

function cstr(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const z = s.indexOf(0);
  return s.toString('latin1', 0, z < 0 ? s.length : z);
}

interface MapInfo {
  type: number; id: number; keySize: number; valueSize: number; maxEntries: number; flags: number; name: string;
  btf?: { btfId: number; keyTypeId: number; valueTypeId: number };
}

/**
 * struct bpf_map_info (linux/bpf.h), little-endian offsets: type 0, id 4, key_size 8, value_size 12,
 * max_entries 16, map_flags 20, name[16] 24, ifindex 40, btf_vmlinux_value_type_id 44, netns_dev 48 (u64),
 * netns_ino 56 (u64), btf_id 64, btf_key_type_id 68, btf_value_type_id 72, then a u32 and map_extra (u64).
 * The kernel fills min(our size, its size) and returns that length: the BTF ids are read only when it reached them.
 */
const MAP_INFO_BTF_END = 76;

function mapInfo(fd: number): MapInfo | undefined {
  const b = libbpf();
  const buf = Buffer.alloc(128);
  const len = [buf.length];
  if (b.objGetInfoByFd(fd, buf, len) !== 0) return undefined;
  return {
    type: buf.readUInt32LE(0), id: buf.readUInt32LE(4), keySize: buf.readUInt32LE(8), valueSize: buf.readUInt32LE(12),
    maxEntries: buf.readUInt32LE(16), flags: buf.readUInt32LE(20), name: cstr(buf, 24, 16),
    ...(len[0] >= MAP_INFO_BTF_END
      ? { btf: { btfId: buf.readUInt32LE(64), keyTypeId: buf.readUInt32LE(68), valueTypeId: buf.readUInt32LE(72) } }
      : {}),
  };
}

/**
 * Map types for which libbpf itself creates the map without BTF (bpf_object__create_map clears the
 * type ids before asking the kernel), so a definition's `__type(...)` is dropped without a warning.
 * libbpf 1.1's list.
 */
const LIBBPF_NO_BTF_TYPES: ReadonlySet<number> = new Set([
  BPF_MAP_TYPE.PERF_EVENT_ARRAY, BPF_MAP_TYPE.CGROUP_ARRAY, BPF_MAP_TYPE.STACK_TRACE, BPF_MAP_TYPE.ARRAY_OF_MAPS,
  BPF_MAP_TYPE.HASH_OF_MAPS, BPF_MAP_TYPE.DEVMAP, BPF_MAP_TYPE.DEVMAP_HASH, BPF_MAP_TYPE.CPUMAP, BPF_MAP_TYPE.XSKMAP,
  BPF_MAP_TYPE.SOCKMAP, BPF_MAP_TYPE.SOCKHASH, BPF_MAP_TYPE.QUEUE, BPF_MAP_TYPE.STACK,
]);

/**
 * Maps whose BTF the kernel refused, from libbpf's log: "Error in bpf_create_map_xattr(NAME):ERR(-N).
 * Retrying without BTF." (libbpf 1.1; later versions write "...(NAME): ERR. Retrying..."). NAME -> ERR.
 */
export function btfRetries(log: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /bpf_create_map_xattr\(([^)\s]+)\)\s*:\s*(.*?)\.?\s*Retrying without BTF/g;
  for (let m = re.exec(log); m; m = re.exec(log)) out.set(m[1], m[2].trim());
  return out;
}

/**
 * What became of a map's BTF. libbpf's log is the only place that says the kernel refused it (after the
 * retry libbpf clears the map's type ids, and bpf_map_info then looks the same as for a map that never
 * had types); the ids requested at open and the kernel's ids confirm it and catch a retry the log
 * wording no longer matches.
 */
export function classifyBtf(type: number, requested: { key: number; value: number }, info: MapInfo['btf'], retryError: string | undefined): MapBtf {
  const base = { requestedKeyTypeId: requested.key, requestedValueTypeId: requested.value, ...(info ? { kernel: info } : {}) };
  if (retryError !== undefined) return { status: 'rejected', ...base, error: retryError };
  if (requested.key === 0 && requested.value === 0) return { status: 'none', ...base };
  // No retry logged and a kernel that does not report the ids: nothing says the types were lost.
  if (!info) return { status: LIBBPF_NO_BTF_TYPES.has(type) ? 'none' : 'kept', ...base };
  if (info.btfId !== 0 && (info.keyTypeId !== 0 || info.valueTypeId !== 0)) return { status: 'kept', ...base };
  return { status: LIBBPF_NO_BTF_TYPES.has(type) ? 'none' : 'dropped', ...base };
}

function progId(fd: number): number | undefined {
  const b = libbpf();
  const buf = Buffer.alloc(256);
  const len = [buf.length];
  if (b.objGetInfoByFd(fd, buf, len) !== 0) return undefined;
  return buf.readUInt32LE(4);
}

function keyNumber(k: Buffer): number {
  if (k.length >= 4) return k.readUInt32LE(0) + (k.length >= 8 ? k.readUInt32LE(4) * 2 ** 32 : 0);
  return k.length === 2 ? k.readUInt16LE(0) : k[0] ?? 0;
}

/** Slot contents of a prog array or map-in-map: key -> id. */
function readSlots(fd: number, info: MapInfo): Map<number, number> {
  const b = libbpf();
  const out = new Map<number, number>();
  const value = Buffer.alloc(Math.max(8, info.valueSize));
  if (info.type === BPF_MAP_TYPE.PROG_ARRAY || info.type === BPF_MAP_TYPE.ARRAY_OF_MAPS) {
    const key = Buffer.alloc(4);
    const limit = Math.min(info.maxEntries, 1 << 20);
    for (let i = 0; i < limit; i++) {
      key.writeUInt32LE(i, 0);
      if (b.mapLookupElem(fd, key, value) === 0) out.set(i, value.readUInt32LE(0));
    }
  } else if (info.type === BPF_MAP_TYPE.HASH_OF_MAPS) {
    let prev: Buffer | null = null;
    const next = Buffer.alloc(info.keySize);
    for (let n = 0; n < 1 << 20; n++) {
      if (b.mapGetNextKey(fd, prev, next) !== 0) break;
      const k = Buffer.from(next);
      if (b.mapLookupElem(fd, k, value) === 0) out.set(keyNumber(k), value.readUInt32LE(0));
      prev = k;
    }
  }
  return out;
}

/**
 * Open `objectPath` with libbpf (pins under `pinRoot`), load every program (but `skipPrograms`), read
 * the kernel state, close. Synchronous: the object is open only inside this call.
 */
export function loadAndInspect(objectPath: string, opts: { pinRoot: string; progType?: string; objectName?: string; skipPrograms?: string[] }): LoadOutcome {
  const b = libbpf();
  const lines: { level: number; text: string }[] = [];
  const messages: string[] = [];
  const outcome: LoadOutcome = { ok: false, maps: [], programs: [], messages, libbpfLog: '' };
  withLibbpfLog((level, text) => lines.push({ level, text }), () => {
    const obj = b.openFile(objectPath, {
      sz: 80, object_name: opts.objectName ?? null, relaxed_maps: false, pin_root_path: opts.pinRoot,
      _attach_prog_fd: 0, kconfig: null, btf_custom_path: null, kernel_log_buf: null, kernel_log_size: 0, kernel_log_level: 0,
    });
    if (!obj) {
      outcome.error = 'libbpf could not open the object';
      return;
    }
    try {
      const requested = new Map<string, { key: number; value: number }>();
      for (let m = b.nextMap(obj, null); m; m = b.nextMap(obj, m)) {
        requested.set(b.mapName(m) as string, { key: b.mapBtfKeyTypeId(m) as number, value: b.mapBtfValueTypeId(m) as number });
      }
      const forced = opts.progType !== undefined ? resolveProgType(opts.progType) : undefined;
      if (opts.progType !== undefined && forced === undefined) messages.push(`unknown --prog-type '${opts.progType}'`);
      const progs: unknown[] = [];
      for (let p = b.nextProgram(obj, null); p; p = b.nextProgram(obj, p)) {
        const section = b.progSection(p) as string;
        const name = b.progName(p) as string;
        // Every program is loaded (so prog-array initializers can be filled), except ones already known to be rejected.
        const skip = opts.skipPrograms?.includes(name) ?? false;
        b.progSetAutoload(p, !skip);
        if (skip) continue;
        progs.push(p);
        let type = b.progType(p) as number;
        if (type === 0) {
          const conv = forced ?? iproute2SectionProgType(section);
          if (conv !== undefined) {
            b.progSetType(p, conv);
            type = conv;
          } else {
            messages.push(`program '${name}' is in section "${section}", which libbpf does not know: pass --prog-type`);
          }
        }
        outcome.programs.push({ name, section, type });
      }
      const err = b.load(obj) as number;
      if (err !== 0) {
        outcome.error = `bpf_object__load failed (${err})`;
        return;
      }
      const progIds = new Map<number, string>();
      progs.forEach((p, i) => {
        const fd = b.progFd(p) as number;
        const id = fd >= 0 ? progId(fd) : undefined;
        if (id !== undefined) {
          progIds.set(id, outcome.programs[i].name);
          outcome.programs[i].id = id;
        }
      });
      const mapList: { name: string; fd: number; internal: boolean; pinned: boolean; pinPath?: string; info?: MapInfo }[] = [];
      for (let m = b.nextMap(obj, null); m; m = b.nextMap(obj, m)) {
        const fd = b.mapFd(m) as number;
        mapList.push({
          name: b.mapName(m) as string,
          fd,
          internal: b.mapIsInternal(m) as boolean,
          pinned: b.mapIsPinned(m) as boolean,
          pinPath: (b.mapPinPath(m) as string | null) ?? undefined,
          info: fd >= 0 ? mapInfo(fd) : undefined,
        });
      }
      const retries = btfRetries(lines.map((l) => l.text).join(''));
      const mapIds = new Map<number, string>();
      for (const m of mapList) if (m.info) mapIds.set(m.info.id, m.name);
      for (const m of mapList) {
        if (m.internal || !m.info) continue;
        const slots: Record<number, string> = {};
        const isProgArray = m.info.type === BPF_MAP_TYPE.PROG_ARRAY;
        if (isProgArray || m.info.type === BPF_MAP_TYPE.ARRAY_OF_MAPS || m.info.type === BPF_MAP_TYPE.HASH_OF_MAPS) {
          for (const [k, id] of readSlots(m.fd, m.info)) {
            slots[k] = (isProgArray ? progIds.get(id) : mapIds.get(id)) ?? `${isProgArray ? 'prog' : 'map'}#${id}`;
          }
        }
        // Pinned means: libbpf pinned it, the path is under the private root, and the pin file exists.
        const underRoot = m.pinPath !== undefined && path.resolve(m.pinPath).startsWith(path.resolve(opts.pinRoot) + path.sep);
        const pinned = m.pinned && underRoot && fs.existsSync(m.pinPath!);
        if (m.pinned && !underRoot) messages.push(`map '${m.name}' pinned outside the private pin root at ${m.pinPath}`);
        outcome.maps.push({
          name: m.name, type: m.info.type, keySize: m.info.keySize, valueSize: m.info.valueSize,
          maxEntries: m.info.maxEntries, flags: m.info.flags, pinned, slots, id: m.info.id,
          ...(pinned ? { pinPath: m.pinPath } : {}),
          btf: classifyBtf(m.info.type, requested.get(m.name) ?? { key: 0, value: 0 }, m.info.btf, retries.get(m.name)),
        });
      }
      outcome.ok = true;
    } finally {
      b.close(obj);
    }
  });
  const text = lines.map((l) => l.text).join('');
  outcome.libbpfLog = lines.filter((l) => l.level <= 1).map((l) => l.text).join('');
  const begin = text.indexOf('-- BEGIN PROG LOAD LOG --');
  if (begin >= 0) {
    const end = text.indexOf('-- END PROG LOAD LOG --', begin);
    outcome.verifierLog = text.slice(begin + '-- BEGIN PROG LOAD LOG --'.length, end < 0 ? undefined : end).replace(/^\n/, '');
  }
  const failed = /prog '([^']+)': (?:BPF program load failed|failed to load|missing BPF prog type)/.exec(text);
  if (failed) outcome.failedProgram = failed[1];
  if (!outcome.ok) {
    for (const l of lines) if (l.level === 0 && !l.text.includes('-- BEGIN PROG LOAD LOG --')) messages.push(l.text.replace(/^libbpf: /, '').trimEnd());
  }
  return outcome;
}

export function numPossibleCpus(): number {
  try {
    return libbpf().numPossibleCpus() as number;
  } catch {
    return 1;
  }
}

/** The page size (libbpf sizes ring buffers by it); 4096 when libc cannot be asked. */
export function pageSize(): number {
  try {
    const n = libc().getpagesize() as number;
    return n > 0 ? n : 4096;
  } catch {
    return 4096;
  }
}
