/**
 * The dense tree of issue 14: legacy eBPF projects shaped like real ones, for the side-by-side
 * figures (bpf-migrate, ast-grep, spatch), the scaling ceiling and the CPU profile.
 *
 * Calibrated against real legacy trees (the bench prints the figures): about 10 KB per file,
 * about 2 legacy maps per file, tail calls (a prog array or a tail-call program) in about 1 file
 * of 5. Three kinds of project, each in its own directory (so the tree splits into halves
 * along project lines, and no object is separated from the headers it shares):
 *  - iproute2 tc projects: a macro-heavy `lib/common.h` (function-like macros, `#if` ladders,
 *    inline helpers) and objects with `struct bpf_elf_map` maps, some through iproute2's
 *    `BPF_HASH`/`BPF_ARRAY` macros, some under `#ifdef`, some with a prog array and
 *    `__section_tail` programs;
 *  - Cilium-like projects: `lib/maps.h` with a prog array shared by every object (its `.id` from
 *    `lib/common.h`, its name from `node_config.h`), feature headers holding tail-call programs
 *    under `#ifdef`, and objects that add their own tail-call programs to it, so the run's
 *    pre-pass over objects (src/run/tree.ts) has real work;
 *  - libbpf-legacy projects: `struct bpf_map_def SEC("maps")` programs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADJ, BENCH_BPF_API_H, BENCH_BPF_LEGACY_H, CWriter, KEYED_TYPES, Names, Rng, camel, programBody, sentence,
  type StructDef, type TreeManifest, type TreeSpec,
} from './generate.js';

/** Bump when the dense tree's text changes, so cached trees are regenerated. */
export const DENSE_GENERATOR_VERSION = 1;

/** About 16 MB in about 1,600 files, like the real tree of issue 14. */
export const DENSE_SPEC: TreeSpec = { kind: 'dense', seed: 0x5eed14, files: 1600 };

/** The calibration targets (real trees): what the bench and test/bench-generator.test.ts hold the generator to. */
export const DENSE_TARGETS = {
  bytesPerFile: [8_000, 12_000],
  mapsPerFile: [1.7, 2.3],
  tailFileShare: [0.15, 0.25],
} as const;

/** iproute2's map-declaring macros, as old tc projects used them. */
const MAP_MACROS = `
/* Map declaration helpers (iproute2 style). */
#ifndef __BPF_MAP
# define __BPF_MAP(NAME, TYPE, ID, SIZE_KEY, SIZE_VALUE, PIN, MAX_ELEM)	\\
	struct bpf_elf_map __section_maps NAME = {			\\
		.type		= (TYPE),				\\
		.id		= (ID),					\\
		.size_key	= (SIZE_KEY),				\\
		.size_value	= (SIZE_VALUE),				\\
		.pinning	= (PIN),				\\
		.max_elem	= (MAX_ELEM),				\\
	}
#endif
#ifndef BPF_HASH
# define BPF_HASH(NAME, ID, SIZE_KEY, SIZE_VALUE, PIN, MAX_ELEM)	\\
	__BPF_MAP(NAME, BPF_MAP_TYPE_HASH, ID, SIZE_KEY, SIZE_VALUE, PIN, MAX_ELEM)
#endif
#ifndef BPF_ARRAY
# define BPF_ARRAY(NAME, ID, SIZE_VALUE, PIN, MAX_ELEM)		\\
	__BPF_MAP(NAME, BPF_MAP_TYPE_ARRAY, ID, sizeof(__u32), SIZE_VALUE, PIN, MAX_ELEM)
#endif
`;

/** bench's old-style bpf_api.h with the map macros added before its closing guard. */
export const DENSE_BPF_API_H = BENCH_BPF_API_H.replace('#endif /* __BENCH_BPF_API_H */', `${MAP_MACROS}\n#endif /* __BENCH_BPF_API_H */`);

/** Counts kept while writing: what the calibration figures are made of. */
interface Tally { maps: number; tailFile: boolean }

// ---------------------------------------------------------------------------------------------
// Macro-heavy text, as real BPF headers have it.

const FEATURES = ['IPV4', 'IPV6', 'NODEPORT', 'NAT', 'HOST_FIREWALL', 'ENCAP', 'DSR', 'BANDWIDTH', 'SRV6', 'L7_LB', 'MASQUERADE', 'TRACE'];

function featureCond(r: Rng): string {
  const a = r.pick(FEATURES);
  switch (r.int(0, 3)) {
    case 0: return `#ifdef ENABLE_${a}`;
    case 1: return `#if defined(ENABLE_${a}) && !defined(DISABLE_${r.pick(FEATURES)})`;
    case 2: return `#if defined(ENABLE_${a}) || defined(ENABLE_${r.pick(FEATURES)})`;
    default: return `#if ENABLE_${a}_LEVEL > ${r.int(0, 3)}`;
  }
}

/** Function-like macros, `#if` ladders and defaults, the way Cilium's and iproute2's headers are written. */
function macroBlock(w: CWriter): void {
  const r = w.r;
  const n = w.names;
  const accessor = n.fresh(() => `${r.pick(['CTX', 'SKB', 'PKT', 'HDR'])}_${r.pick(['LOAD', 'STORE', 'READ', 'PEEK'])}_${r.pick(['U16', 'U32', 'BE32', 'FIELD'])}`);
  w.push(`#define ${accessor}(ctx, off, dst)\t\t\t\t\t\\\n\t({\t\t\t\t\t\t\t\t\\\n\t\tint __ret = skb_load_bytes(ctx, off, dst, sizeof(*(dst)));\t\\\n\t\tif (unlikely(__ret < 0))\t\t\t\t\t\\\n\t\t\t__ret = -${r.pick(['EFAULT', 'EINVAL', 'E2BIG'])};\t\t\t\\\n\t\t__ret;\t\t\t\t\t\t\t\\\n\t})\n\n`);
  const counter = n.fresh(() => `__${camel(r, 1).toUpperCase()}_${r.pick(['ACCOUNT', 'COUNT', 'BUMP'])}`);
  w.push(`#define ${counter}(map, key, bytes)\t\t\t\t\t\\\n\tdo {\t\t\t\t\t\t\t\t\\\n\t\t__u64 *__c = map_lookup_elem(&(map), &(key));\t\t\\\n\t\tif (__c)\t\t\t\t\t\t\\\n\t\t\t__sync_fetch_and_add(__c, (bytes));\t\t\\\n\t} while (0)\n\n`);
  w.macros.push(accessor, counter);
  const guard = r.pick(FEATURES);
  w.push(`${featureCond(r)}\n# define ${guard}_HDRLEN\t${r.pick(['20', '40', '(sizeof(struct iphdr) + 8)'])}\n# define ${guard}_PROTO\t${r.pick(['IPPROTO_TCP', 'IPPROTO_UDP', 'ETH_P_IP'])}\n#elif defined(ENABLE_${r.pick(FEATURES)})\n# define ${guard}_HDRLEN\t${r.int(8, 64)}\n# define ${guard}_PROTO\t0\n#else\n# define ${guard}_HDRLEN\t0\n#endif\n\n`);
  for (let i = r.int(1, 3); i > 0; i--) {
    const d = n.fresh(() => `${camel(r, 2).toUpperCase()}_${r.pick(['TIMEOUT', 'BUDGET', 'LIMIT', 'SLACK'])}`);
    w.push(`#ifndef ${d}\n# define ${d}\t${r.pick([String(r.int(1, 600)), `(${r.int(1, 60)} * NSEC_PER_SEC)`, `(1ULL << ${r.int(4, 30)})`])}\n#endif\n`);
  }
  w.push(`#define ${n.fresh(() => `IS_${camel(r, 1).toUpperCase()}_${r.pick(ADJ).toUpperCase()}`)}(x)\t(((x) & ${r.pick(['0xff00', '0x8000', '0x3'])}) == ${r.pick(['0', '0x8000', '1'])})\n`);
  w.push(`#define ${n.fresh(() => `${camel(r, 1).toUpperCase()}_${r.pick(['STR', 'NAME', 'TAG'])}`)}(x)\t__api_str(x)\n\n`);
}

/** A project's macro-heavy common header, with no maps: what every object of the project includes. */
function commonHeader(r: Rng, target: number, extra = ''): string {
  const w = new CWriter(r, new Names(r));
  const guard = `__${camel(r, 2).toUpperCase()}_COMMON_H_`;
  w.fileHeader();
  w.push(`#ifndef ${guard}\n#define ${guard}\n\n#include "bpf_api.h"\n\n#define NSEC_PER_SEC\t1000000000ULL\n\n${extra}`);
  w.defines();
  while (w.size < target * 0.45) { macroBlock(w); if (r.chance(0.5)) w.structDef(); else w.enumDef(); }
  while (w.size < target) {
    if (r.chance(0.3)) w.ifdefBlock(); else w.helper();
  }
  w.push(`#endif /* ${guard} */\n`);
  return w.text();
}

/** System headers only: a project header named here would have to exist in the project. */
function systemIncludes(w: CWriter): void {
  const sys = ['<linux/if_ether.h>', '<linux/ip.h>', '<linux/ipv6.h>', '<linux/tcp.h>', '<linux/udp.h>', '<linux/in.h>', '<linux/pkt_cls.h>', '<stdbool.h>', '<stddef.h>', '<linux/icmp.h>'];
  const chosen = new Set<string>();
  for (let i = w.r.int(2, 6); i > 0; i--) chosen.add(w.r.pick(sys));
  for (const c of chosen) w.push(`#include ${c}\n`);
  w.push('\n');
}

// ---------------------------------------------------------------------------------------------
// Maps.

function pickMapCount(r: Rng): number {
  const x = r.next();
  return x < 0.3 ? 1 : x < 0.68 ? 2 : x < 0.9 ? 3 : 4;
}

/** One `struct bpf_elf_map` map in one of the forms real files use; returns whether the programs may use it unconditionally. */
function elfMap(w: CWriter, name: string, structs: StructDef[], section: string): boolean {
  const r = w.r;
  const type = r.pick(KEYED_TYPES);
  const keyT = type.includes('ARRAY') ? '__u32' : r.chance(0.6) ? `struct ${r.pick(structs).name}` : r.pick(['__u32', '__u64', '__be32']);
  const valT = r.chance(0.7) ? `struct ${r.pick(structs).name}` : r.pick(['__u64', '__u32']);
  const maxMacro = w.macros.length && r.chance(0.4) ? r.pick(w.macros.filter((m) => /^[A-Z0-9_]+$/.test(m) && !m.startsWith('__')).concat([String(1 << r.int(6, 16))])) : String(1 << r.int(6, 16));
  const pin = r.pick(['PIN_GLOBAL_NS', 'PIN_GLOBAL_NS', 'PIN_NONE', 'PIN_OBJECT_NS', '']);
  const cond = r.chance(0.15) ? featureCond(r) : '';
  if (cond) w.push(`${cond}\n`);
  if (r.chance(0.3)) w.push(`/* ${sentence(r)} */\n`);
  const form = r.next();
  if (form < 0.1 && !cond) {
    if (type === 'HASH') w.push(`BPF_HASH(${name}, 0, sizeof(${keyT}), sizeof(${valT}), ${pin || 'PIN_NONE'}, ${maxMacro});\n\n`);
    else w.push(`BPF_ARRAY(${name}, 0, sizeof(${valT}), ${pin || 'PIN_NONE'}, ${maxMacro});\n\n`);
  } else if (form < 0.2) {
    w.push(`struct bpf_elf_map ${section} ${name} = { BPF_MAP_TYPE_${type}, sizeof(${keyT}), sizeof(${valT}), ${maxMacro} };\n`);
  } else {
    w.push(`struct bpf_elf_map ${section} ${name} = {\n`);
    w.push(`\t.type\t\t= BPF_MAP_TYPE_${type},\n\t.size_key\t= sizeof(${keyT}),\n\t.size_value\t= sizeof(${valT}),`);
    w.push(r.chance(0.3) ? `\t/* ${sentence(r, 2, 4)} */\n` : '\n');
    w.push(`\t.max_elem\t= ${maxMacro},\n`);
    if (type.includes('HASH') && !type.startsWith('LRU') && r.chance(0.3)) w.push('\t.flags\t\t= BPF_F_NO_PREALLOC,\n');
    if (pin) w.push(`\t.pinning\t= ${pin},\n`);
    w.push('};\n');
    if (keyT.startsWith('struct') && r.chance(0.35)) w.push(`BPF_ANNOTATE_KV_PAIR(${name}, ${keyT}, ${valT});\n`);
  }
  if (cond) w.push('#endif\n');
  w.push('\n');
  return !cond;
}

function progArray(w: CWriter, name: string, idMacro: string, max: string, section: string): void {
  w.push(`struct bpf_elf_map ${section} ${name} = {\n\t.type\t\t= BPF_MAP_TYPE_PROG_ARRAY,\n\t.id\t\t= ${idMacro},\n\t.size_key\t= sizeof(__u32),\n\t.size_value\t= sizeof(__u32),\n\t.pinning\t= PIN_GLOBAL_NS,\n\t.max_elem\t= ${max},\n};\n\n`);
}

/** A tail-call program of realistic size. */
function tailProgram(w: CWriter, idMacro: string, key: string, name: string, maps: string[], structs: StructDef[], next?: { map: string; key: string }): void {
  w.push(`__section_tail(${idMacro}, ${key})\nint ${name}(struct __sk_buff *skb)\n{\n`);
  programBody(w, w.r, maps, structs);
  if (next) w.push(`\ttail_call(skb, &${next.map}, ${next.key});\n`);
  w.push('\treturn TC_ACT_OK;\n}\n\n');
}

// ---------------------------------------------------------------------------------------------
// Projects.

interface Out { put(rel: string, text: string, t: Tally): void }

/** An iproute2 tc project: lib/common.h and objects with their own maps (and prog arrays, now and then). */
function tcProject(r: Rng, dir: string, objects: number, out: Out, tailP: number): void {
  out.put(`${dir}/lib/common.h`, commonHeader(r.fork(), r.int(7_000, 12_000)), { maps: 0, tailFile: false });
  for (let i = 0; i < objects; i++) {
    const o = tcObject(r.fork(), r.int(6_500, 13_500), pickMapCount, tailP);
    out.put(`${dir}/${o.name}.c`, o.text, o.tally);
  }
}

/** One tc object of about `target` characters (it includes "bpf_api.h" and "lib/common.h"). */
function tcObject(fr: Rng, target: number, mapCount: (r: Rng) => number, tailP: number): { name: string; text: string; tally: Tally } {
  const names = new Names(fr);
  const w = new CWriter(fr, names);
  w.fileHeader();
  w.push('#include "bpf_api.h"\n#include "lib/common.h"\n');
  systemIncludes(w);
  w.defines();
  macroBlock(w);
  const structs: StructDef[] = [];
  for (let s = fr.int(2, 4); s > 0; s--) structs.push(w.structDef());
  const section = fr.pick(['__section("maps")', '__section_maps', '__section_maps']);
  const maps: string[] = [];
  const n = mapCount(fr);
  for (let m = 0; m < n; m++) {
    const name = `${names.ident(2)}_${fr.pick(['map', 'tbl', 'cnt', 'state', 'cache'])}`;
    if (elfMap(w, name, structs, section)) maps.push(name);
  }
  const tally: Tally = { maps: n, tailFile: false };
  const tails: string[] = [];
  let jmp = '';
  if (fr.chance(tailP)) {
    jmp = `jmp_${names.ident(1)}`;
    const slots = fr.int(2, 5);
    w.push(`#define ${jmp.toUpperCase()}_ID\t${fr.int(1, 99)}\n#define ${jmp.toUpperCase()}_SLOTS\t${slots + fr.int(0, 4)}\n\n`);
    progArray(w, jmp, `${jmp.toUpperCase()}_ID`, `${jmp.toUpperCase()}_SLOTS`, section);
    for (let t = 0; t < slots; t++) tails.push(`${jmp}_${fr.pick(['parse', 'stage', 'policy', 'nat', 'lb'])}${t}`);
    tally.maps++;
    tally.tailFile = true;
  }
  w.fill(Math.max(w.size + 1500, target - 1200 * (tails.length + 1)));
  for (let t = 0; t < tails.length; t++) {
    const cond = fr.chance(0.25) ? featureCond(fr) : '';
    if (cond) w.push(`${cond}\n`);
    tailProgram(w, `${jmp.toUpperCase()}_ID`, String(t), tails[t], maps, structs, t + 1 < tails.length ? { map: jmp, key: String(t + 1) } : undefined);
    if (cond) w.push('#endif\n\n');
  }
  w.push(`__section_cls_entry\nint cls_${names.ident(1)}(struct __sk_buff *skb)\n{\n`);
  programBody(w, fr, maps, structs);
  if (jmp) w.push(`\ttail_call(skb, &${jmp}, 0);\n`);
  w.push('\treturn TC_ACT_OK;\n}\n\nBPF_LICENSE("GPL");\n');
  return { name: `${fr.pick(['tc', 'cls', 'act', 'lb', 'ct'])}_${names.ident(1)}`, text: w.text(), tally };
}

/**
 * A large legacy tc file of about `lines` lines (the language server's latency figure), with
 * `maps` maps and a prog array, and the project header it includes ("lib/common.h"; bpf_api.h
 * is DENSE_BPF_API_H).
 */
export function largeLegacyFile(seed: number, lines: number, maps = 12): { text: string; commonH: string } {
  const make = (target: number) => tcObject(new Rng(seed), target, () => maps, 1).text;
  let target = lines * 28;
  let text = make(target);
  for (let i = 0; i < 4; i++) {
    const n = text.split('\n').length;
    if (Math.abs(n - lines) < lines * 0.03) break;
    target = Math.round(target * (lines / n));
    text = make(target);
  }
  return { text, commonH: commonHeader(new Rng(seed + 1), 10_000) };
}

/**
 * A Cilium-like project: a prog array in lib/maps.h shared by every object, tail-call programs in
 * feature headers (under #ifdef) and in the objects, every key unique in the project.
 */
function ciliumProject(r: Rng, dir: string, objects: number, out: Out): void {
  const tag = camel(r, 1);
  const features = ['NODEPORT', 'NAT', 'ENCAP', 'HOST_FIREWALL', 'DSR'].filter(() => r.chance(0.7));
  if (features.length === 0) features.push('NODEPORT');
  let nextKey = 1;
  const keys: string[] = [];
  const key = (what: string) => { const k = `CILIUM_CALL_${what}`; keys.push(`#define ${k}\t\t${nextKey++}`); return k; };
  // Keys first: the common header defines them all.
  const headerTails = features.map((f) => ({ feature: f, progs: Array.from({ length: r.int(1, 2) }, (_, i) => ({ name: `tail_${f.toLowerCase()}_${['fwd', 'rev', 'xlate'][i]}`, key: key(`${f}_${i}`) })) }));
  const dropKey = key('DROP_NOTIFY');
  const objectNames = ['bpf_host', 'bpf_lxc', 'bpf_overlay', 'bpf_network', 'bpf_wireguard', 'bpf_sock_redir'].slice(0, objects);
  const objectTails = objectNames.map((o) => Array.from({ length: r.int(1, 3) }, (_, i) => ({ name: `tail_${o.slice(4)}_${['ipv4', 'ipv6', 'arp'][i]}`, key: key(`${o.slice(4).toUpperCase()}_${i}`) })));
  const ids = `#define CILIUM_MAP_CALLS\t2\n#define CILIUM_CALL_SIZE\t${nextKey + 8}\n${keys.join('\n')}\n\n`;
  out.put(`${dir}/bpf/lib/common.h`, commonHeader(r.fork(), r.int(9_000, 14_000), ids), { maps: 0, tailFile: false });
  out.put(`${dir}/bpf/node_config.h`, `/* Generated per node by the agent; a default for builds without one. */\n#define CALLS_MAP cilium_calls_${tag}\n${FEATURES.filter(() => r.chance(0.5)).map((f) => `#define ENABLE_${f} 1\n`).join('')}#define ENABLE_${features[0]} 1\n`, { maps: 0, tailFile: false });

  // lib/maps.h: the shared prog array and a few shared maps.
  {
    const fr = r.fork();
    const w = new CWriter(fr, new Names(fr));
    w.fileHeader();
    w.push('#ifndef __LIB_MAPS_H_\n#define __LIB_MAPS_H_\n\n#include "common.h"\n\n');
    const structs: StructDef[] = [w.structDef(), w.structDef()];
    w.push('#ifndef SKIP_CALLS_MAP\n/* Private per endpoint map for internal tail calls */\n');
    progArray(w, 'CALLS_MAP', 'CILIUM_MAP_CALLS', 'CILIUM_CALL_SIZE', '__section_maps');
    w.push('#endif /* SKIP_CALLS_MAP */\n\n');
    const n = fr.int(3, 6);
    for (let i = 0; i < n; i++) elfMap(w, `cilium_${w.names.ident(1)}_${fr.pick(['map', 'v4', 'v6', 'metrics'])}`, structs, '__section_maps');
    w.push('#endif /* __LIB_MAPS_H_ */\n');
    out.put(`${dir}/bpf/lib/maps.h`, w.text(), { maps: n + 1, tailFile: true });
  }
  // Feature headers: helpers and tail-call programs under #ifdef ENABLE_<feature>.
  for (const h of headerTails) {
    const fr = r.fork();
    const w = new CWriter(fr, new Names(fr));
    const guard = `__LIB_${h.feature}_H_`;
    w.fileHeader();
    w.push(`#ifndef ${guard}\n#define ${guard}\n\n#include "common.h"\n#include "maps.h"\n\n`);
    macroBlock(w);
    const structs: StructDef[] = [w.structDef(), w.structDef()];
    w.fill(fr.int(6_000, 11_000));
    w.push(`#ifdef ENABLE_${h.feature}\n`);
    for (const p of h.progs) tailProgram(w, 'CILIUM_MAP_CALLS', p.key, p.name, [], structs, { map: 'CALLS_MAP', key: dropKey });
    w.push(`#endif /* ENABLE_${h.feature} */\n\n#endif /* ${guard} */\n`);
    out.put(`${dir}/bpf/lib/${h.feature.toLowerCase()}.h`, w.text(), { maps: 0, tailFile: true });
  }
  // lib/drop.h: the drop notification every object includes.
  out.put(`${dir}/bpf/lib/drop.h`, `#ifndef __LIB_DROP_H_\n#define __LIB_DROP_H_\n\n#include "common.h"\n#include "maps.h"\n\n__section_tail(CILIUM_MAP_CALLS, ${dropKey})\nint tail_drop_notify(struct __sk_buff *ctx)\n{\n\tctx->mark = 0xd0;\n\treturn TC_ACT_SHOT;\n}\n\n#endif /* __LIB_DROP_H_ */\n`, { maps: 0, tailFile: true });
  // The objects.
  objectNames.forEach((o, oi) => {
    const fr = r.fork();
    const names = new Names(fr);
    const w = new CWriter(fr, names);
    w.fileHeader();
    w.push('#include "node_config.h"\n#include "lib/common.h"\n#include "lib/maps.h"\n#include "lib/drop.h"\n');
    for (const h of headerTails) if (fr.chance(0.6)) w.push(`#include "lib/${h.feature.toLowerCase()}.h"\n`);
    w.push('\n');
    w.defines();
    macroBlock(w);
    const structs: StructDef[] = [w.structDef(), w.structDef(), w.structDef()];
    const maps: string[] = [];
    const n = fr.int(1, 2);
    for (let m = 0; m < n; m++) {
      const name = `${o.slice(4)}_${names.ident(1)}_map`;
      if (elfMap(w, name, structs, '__section_maps')) maps.push(name);
    }
    const tails = objectTails[oi];
    w.fill(fr.int(7_000, 12_000) - 1200 * (tails.length + 1));
    for (const t of tails) {
      const cond = fr.chance(0.5) ? `#ifdef ENABLE_${fr.pick(['IPV4', 'IPV6', 'NODEPORT'])}` : '';
      if (cond) w.push(`${cond}\n`);
      tailProgram(w, 'CILIUM_MAP_CALLS', t.key, t.name, maps, structs, { map: 'CALLS_MAP', key: dropKey });
      if (cond) w.push('#endif\n\n');
    }
    w.push(`__section("${['from-netdev', 'from-container', 'from-overlay', 'from-network', 'from-wireguard', 'to-netdev'][oi]}")\nint handle_${o.slice(4)}(struct __sk_buff *skb)\n{\n`);
    programBody(w, fr, maps, structs);
    w.push(`\ttail_call(skb, &CALLS_MAP, ${tails[0].key});\n\treturn TC_ACT_OK;\n}\n\nBPF_LICENSE("GPL");\n`);
    out.put(`${dir}/bpf/${o}.c`, w.text(), { maps: n, tailFile: true });
  });
}

/** A libbpf-legacy project: `struct bpf_map_def SEC("maps")` programs of realistic size. */
function mapDefProject(r: Rng, dir: string, objects: number, out: Out): void {
  for (let i = 0; i < objects; i++) {
    const fr = r.fork();
    const names = new Names(fr);
    const w = new CWriter(fr, names);
    w.fileHeader();
    w.push('#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include "bpf_legacy.h"\n');
    systemIncludes(w);
    w.defines();
    const structs: StructDef[] = [];
    for (let s = fr.int(1, 3); s > 0; s--) structs.push(w.structDef());
    const n = pickMapCount(fr);
    const maps: string[] = [];
    for (let m = 0; m < n; m++) {
      const name = `${names.ident(2)}_map`;
      maps.push(name);
      const type = fr.pick(['HASH', 'ARRAY', 'PERCPU_ARRAY', 'LRU_HASH', 'PERCPU_HASH']);
      w.push(`struct bpf_map_def SEC("maps") ${name} = {\n\t.type = BPF_MAP_TYPE_${type},\n\t.key_size = sizeof(__u32),\n\t.value_size = sizeof(struct ${fr.pick(structs).name}),\n\t.max_entries = ${fr.chance(0.4) && w.macros.length ? fr.pick(w.macros) : 1 << fr.int(4, 14)},\n${fr.chance(0.3) && type.includes('HASH') ? '\t.map_flags = BPF_F_NO_PREALLOC,\n' : ''}};\n\n`);
    }
    w.fill(fr.int(6_500, 13_000) - 800);
    w.push(`SEC("xdp")\nint xdp_${names.ident(1)}(struct xdp_md *ctx)\n{\n\t__u32 key = ctx->rx_queue_index;\n\tvoid *val;\n\n`);
    for (const m of maps) w.push(`\tval = bpf_map_lookup_elem(&${m}, &key);\n\tif (!val)\n\t\treturn XDP_PASS;\n`);
    w.push(`\treturn XDP_PASS;\n}\n\nchar _license[] SEC("license") = "GPL";\n`);
    out.put(`${dir}/${fr.pick(['xdp', 'kern', 'sock'])}_${names.ident(1)}_kern.c`, w.text(), { maps: n, tailFile: false });
  }
}

/** Writes the dense tree for `spec` into `root` (which must not exist); `spec.files` is approximate. */
export function writeDenseTree(root: string, spec: TreeSpec): TreeManifest {
  const r = new Rng(spec.seed);
  const includeDir = join(root, 'include');
  mkdirSync(includeDir, { recursive: true });
  let bytes = 0;
  let files = 0;
  let maps = 0;
  let tailFiles = 0;
  const legacy: string[] = [];
  const projects: { dir: string; bytes: number }[] = [];
  const made = new Set<string>();
  let project = { dir: '', bytes: 0 };
  const write = (rel: string, text: string) => {
    const full = join(root, rel);
    const d = join(full, '..');
    if (!made.has(d)) { mkdirSync(d, { recursive: true }); made.add(d); }
    writeFileSync(full, text);
    const b = Buffer.byteLength(text);
    bytes += b;
    project.bytes += b;
    files++;
  };
  write('include/bpf_api.h', DENSE_BPF_API_H);
  write('include/bpf_legacy.h', BENCH_BPF_LEGACY_H);
  const out: Out = {
    put(rel, text, t) {
      write(rel, text);
      maps += t.maps;
      if (t.tailFile) tailFiles++;
      if (t.maps > 0 || t.tailFile) legacy.push(rel);
    },
  };
  // Tail calls in about 1 file of 5 overall: Cilium-like projects have them in most files, so the
  // tc projects get fewer.
  for (let p = 0; files < spec.files; p++) {
    const pr = r.fork();
    project = { dir: `proj${String(p).padStart(3, '0')}`, bytes: 0 };
    projects.push(project);
    const roll = pr.next();
    if (roll < 0.1) ciliumProject(pr, project.dir, pr.int(3, 6), out);
    else if (roll < 0.25) mapDefProject(pr, project.dir, pr.int(6, 12), out);
    else tcProject(pr, project.dir, pr.int(6, 14), out, 0.16);
  }
  legacy.sort();
  return { version: DENSE_GENERATOR_VERSION, spec, files, bytes, legacy, includeDir, maps, tailFiles, projects };
}

/** The calibration figures the bench prints for a dense tree. */
export function denseFigures(m: TreeManifest): { bytesPerFile: number; bytesPerMap: number; mapsPerFile: number; tailFileShare: number } {
  const maps = m.maps ?? 0;
  return { bytesPerFile: m.bytes / m.files, bytesPerMap: maps ? m.bytes / maps : 0, mapsPerFile: maps / m.files, tailFileShare: (m.tailFiles ?? 0) / m.files };
}
