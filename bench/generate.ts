/**
 * Deterministic (seeded) generator of C source trees for the benchmark, the fuzz driver and
 * the robustness tests. Nothing here touches the repository: trees go wherever the caller says
 * (the bench puts them under os.tmpdir()/bpf-migrate-bench-*).
 *
 * Two kinds of files:
 *  - plain C: kernel/BPF-flavoured code (structs, enums, macros, inline helpers, parsers,
 *    designated initializers, #ifdef blocks, BTF-defined maps) that never names a legacy
 *    construct, of widely varying size;
 *  - legacy: iproute2-style programs with `struct bpf_elf_map` maps in section "maps"
 *    (designated and positional initializers, pinning, flags, BPF_ANNOTATE_KV_PAIR,
 *    prog arrays filled through `__section_tail`), or libbpf-legacy `struct bpf_map_def`
 *    programs, with realistic code around them.
 */
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when the output of any generator changes, so cached trees are regenerated. */
export const GENERATOR_VERSION = 5;

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  chance(p: number): boolean { return this.next() < p; }
  /** Log-uniform size between lo and hi. */
  logSize(lo: number, hi: number): number { return Math.round(Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo)))); }
  fork(): Rng { return new Rng(Math.floor(this.next() * 4294967296)); }
}

// ---------------------------------------------------------------------------------------------
// Headers written into TREE/include (the bench passes -I TREE/include).

/** An old-style iproute2 bpf_api.h: struct bpf_elf_map, section macros, no __uint/__type. */
export const BENCH_BPF_API_H = `/* SPDX-License-Identifier: GPL-2.0 */
/* Benchmark copy of an old iproute2 bpf_api.h (before BTF maps). */
#ifndef __BENCH_BPF_API_H
#define __BENCH_BPF_API_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#ifndef __inline
# define __inline inline __attribute__((always_inline))
#endif
#ifndef likely
# define likely(X) __builtin_expect(!!(X), 1)
#endif
#ifndef unlikely
# define unlikely(X) __builtin_expect(!!(X), 0)
#endif
#ifndef __api_str
# define __api_str_(X) #X
# define __api_str(X) __api_str_(X)
#endif
#ifndef __section
# define __section(NAME) __attribute__((section(NAME), used))
#endif
#ifndef __section_maps
# define __section_maps __section("maps")
#endif
#ifndef __section_tail
# define __section_tail(ID, KEY) __section(__api_str(ID) "/" __api_str(KEY))
#endif
#ifndef __section_cls_entry
# define __section_cls_entry __section("classifier")
#endif
#ifndef __section_license
# define __section_license __section("license")
#endif
#ifndef BPF_LICENSE
# define BPF_LICENSE(NAME) char ____license[] __section_license = NAME
#endif

#define PIN_NONE	0
#define PIN_OBJECT_NS	1
#define PIN_GLOBAL_NS	2

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};

#define BPF_ANNOTATE_KV_PAIR(NAME, KTYPE, VTYPE)			\\
	struct ____btf_map_##NAME {					\\
		KTYPE key;						\\
		VTYPE value;						\\
	};								\\
	struct ____btf_map_##NAME					\\
		__attribute__((section(".maps." #NAME), used))		\\
		____btf_map_##NAME = { }

#ifndef BPF_FUNC
# define BPF_FUNC(NAME, ...)						\\
	(*NAME)(__VA_ARGS__) __attribute__((unused)) = (void *)BPF_FUNC_##NAME
#endif

static void *BPF_FUNC(map_lookup_elem, void *map, const void *key);
static int BPF_FUNC(map_update_elem, void *map, const void *key, const void *value, __u64 flags);
static int BPF_FUNC(map_delete_elem, void *map, const void *key);
static void BPF_FUNC(tail_call, void *ctx, void *map, __u32 index);
static __u64 BPF_FUNC(ktime_get_ns);
static __u32 BPF_FUNC(get_prandom_u32);
static int BPF_FUNC(skb_load_bytes, const struct __sk_buff *skb, __u32 off, void *to, __u32 len);

#endif /* __BENCH_BPF_API_H */
`;

/** The libbpf-legacy map definition, as projects vendor it. */
export const BENCH_BPF_LEGACY_H = `/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BENCH_BPF_LEGACY_H
#define __BENCH_BPF_LEGACY_H

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
	unsigned int inner_map_idx;
	unsigned int numa_node;
};

#endif /* __BENCH_BPF_LEGACY_H */
`;

export const BENCH_HEADERS: Record<string, string> = {
  'bpf_api.h': BENCH_BPF_API_H,
  'bpf_legacy.h': BENCH_BPF_LEGACY_H,
};

export function writeBenchHeaders(includeDir: string): void {
  mkdirSync(includeDir, { recursive: true });
  for (const [name, text] of Object.entries(BENCH_HEADERS)) writeFileSync(join(includeDir, name), text);
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

export const NOUNS = ['pkt', 'flow', 'ct', 'nat', 'lb', 'sock', 'skb', 'hdr', 'ip', 'tcp', 'udp', 'port', 'addr', 'entry', 'stats',
  'cnt', 'tuple', 'mark', 'ifindex', 'cfg', 'policy', 'backend', 'svc', 'route', 'neigh', 'vlan', 'tunnel', 'csum', 'frag',
  'queue', 'ring', 'event', 'sample', 'rate', 'bucket', 'token', 'meter', 'prefix', 'mask', 'proto', 'l3', 'l4', 'ctx',
  'trace', 'task', 'cgroup', 'dev', 'rx', 'tx', 'drop', 'redir', 'slot', 'hash', 'seq', 'window', 'timer', 'ts'];
export const VERBS = ['parse', 'lookup', 'update', 'handle', 'check', 'compute', 'fill', 'reset', 'account', 'classify', 'encap',
  'decap', 'rewrite', 'validate', 'select', 'record', 'emit', 'prepare', 'apply', 'refresh', 'fold', 'probe'];
export const ADJ = ['fast', 'slow', 'max', 'min', 'local', 'remote', 'inner', 'outer', 'v4', 'v6', 'egress', 'ingress', 'cached',
  'pending', 'stale', 'active'];
const SCALARS = ['__u8', '__u16', '__u32', '__u64', '__be16', '__be32', '__s32', '__s64', 'int', 'unsigned int', 'long'];
const COMMENT_WORDS = ['the', 'packet', 'is', 'dropped', 'when', 'header', 'does', 'not', 'fit', 'in', 'linear', 'data',
  'we', 'keep', 'per-CPU', 'counters', 'so', 'userspace', 'can', 'read', 'them', 'without', 'locking', 'hash', 'flows',
  'by', 'their', 'tuple', 'backend', 'selection', 'must', 'stay', 'stable', 'for', 'existing', 'connections', 'verifier',
  'needs', 'bounds', 'check', 'before', 'every', 'access', 'this', 'loop', 'unrolled', 'because', 'older', 'kernels',
  'reject', 'back-edges', 'note', 'that', 'map', 'entry', 'may', 'be', 'NULL', 'if', 'another', 'CPU', 'deleted', 'it'];

export function camel(r: Rng, parts: number): string {
  const xs: string[] = [];
  for (let i = 0; i < parts; i++) xs.push(r.pick(NOUNS));
  return xs.join('_');
}

export function sentence(r: Rng, min = 5, max = 14): string {
  const n = r.int(min, max);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(r.pick(COMMENT_WORDS));
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

export class Names {
  private used = new Set<string>();
  constructor(private readonly r: Rng) {}
  fresh(make: () => string): string {
    for (let i = 0; ; i++) {
      const base = make();
      const name = i < 8 ? base : `${base}_${i}`;
      if (!this.used.has(name)) { this.used.add(name); return name; }
    }
  }
  ident(parts = 2): string { return this.fresh(() => camel(this.r, parts)); }
  func(): string { return this.fresh(() => `${this.r.pick(VERBS)}_${camel(this.r, this.r.int(1, 2))}`); }
  macro(): string { return this.fresh(() => `${camel(this.r, 2).toUpperCase()}_${this.r.pick(['MAX', 'SHIFT', 'MASK', 'LEN', 'OFF', 'SIZE', 'NR'])}`); }
}

// ---------------------------------------------------------------------------------------------
// Plain C building blocks.

export interface StructDef { name: string; fields: { type: string; name: string }[] }

export class CWriter {
  readonly parts: string[] = [];
  size = 0;
  readonly structs: StructDef[] = [];
  readonly macros: string[] = [];
  readonly funcs: string[] = [];
  constructor(readonly r: Rng, readonly names: Names) {}

  push(s: string): void { this.parts.push(s); this.size += s.length; }
  text(): string { return this.parts.join(''); }

  fileHeader(license = 'GPL-2.0'): void {
    const r = this.r;
    this.push(`/* SPDX-License-Identifier: ${license} */\n`);
    if (r.chance(0.6)) this.push(`/* Copyright (c) ${r.int(2014, 2024)} ${r.pick(['Isovalent', 'Meta Platforms', 'Red Hat', 'Google', 'the authors'])} */\n`);
    this.push('/*\n');
    for (let i = r.int(1, 4); i > 0; i--) this.push(` * ${sentence(r)}\n`);
    this.push(' */\n');
  }

  includes(extra: string[] = []): void {
    const r = this.r;
    const sys = ['<linux/bpf.h>', '<linux/if_ether.h>', '<linux/ip.h>', '<linux/ipv6.h>', '<linux/tcp.h>', '<linux/udp.h>',
      '<linux/in.h>', '<linux/pkt_cls.h>', '<stdbool.h>', '<stddef.h>', '<linux/icmp.h>'];
    const chosen = new Set<string>();
    for (let i = r.int(2, 6); i > 0; i--) chosen.add(r.pick(sys));
    for (const e of extra) this.push(`#include ${e}\n`);
    for (const c of chosen) this.push(`#include ${c}\n`);
    if (r.chance(0.5)) this.push(`#include "${r.pick(['common', 'lib/utils', 'conntrack', 'lb', 'nat', 'csum'])}.h"\n`);
    this.push('\n');
  }

  defines(): void {
    const r = this.r;
    for (let i = r.int(2, 7); i > 0; i--) {
      const name = this.names.macro();
      this.macros.push(name);
      const v = r.pick([String(r.int(1, 64)), String(1 << r.int(4, 16)), `(1U << ${r.int(1, 20)})`, `0x${r.int(0, 0xffff).toString(16)}`]);
      this.push(`#define ${name}\t${v}\n`);
    }
    if (r.chance(0.5)) {
      const m = this.names.fresh(() => `${r.pick(NOUNS).toUpperCase()}_${r.pick(['ACCESS', 'READ', 'FIELD', 'BOUND'])}`);
      this.push(`#define ${m}(p, field, end)\t\t\t\t\t\\\n\t({\t\t\t\t\t\t\t\\\n\t\ttypeof((p)->field) __v = 0;\t\t\t\\\n\t\tif ((void *)((p) + 1) <= (end))\t\t\t\\\n\t\t\t__v = (p)->field;\t\t\t\\\n\t\t__v;\t\t\t\t\t\t\\\n\t})\n`);
    }
    this.push('\n');
  }

  enumDef(): void {
    const r = this.r;
    const name = this.names.ident(2);
    const prefix = name.toUpperCase();
    this.push(`enum ${name} {\n`);
    const n = r.int(3, 12);
    for (let i = 0; i < n; i++) {
      this.push(`\t${prefix}_${r.pick(NOUNS).toUpperCase()}${i}${i === 0 && r.chance(0.5) ? ' = 0' : ''},`);
      this.push(r.chance(0.3) ? `\t/* ${sentence(r, 2, 6)} */\n` : '\n');
    }
    this.push(`\t__${prefix}_MAX,\n};\n\n`);
  }

  structDef(): StructDef {
    const r = this.r;
    const def: StructDef = { name: this.names.ident(2), fields: [] };
    if (r.chance(0.4)) this.push(`/* ${sentence(r)} */\n`);
    this.push(`struct ${def.name} {\n`);
    const local = new Names(r);
    for (let i = r.int(2, 9); i > 0; i--) {
      const type = r.chance(0.15) && this.structs.length > 0 ? `struct ${r.pick(this.structs).name}` : r.pick(SCALARS);
      const name = local.fresh(() => r.pick(NOUNS));
      def.fields.push({ type, name });
      const arr = r.chance(0.1) ? `[${r.int(2, 16)}]` : '';
      this.push(`\t${type}\t${name}${arr};${r.chance(0.2) ? `\t/* ${sentence(r, 2, 5)} */` : ''}\n`);
    }
    this.push(`}${r.chance(0.2) ? ' __attribute__((packed))' : ''};\n\n`);
    this.structs.push(def);
    return def;
  }

  constTable(): void {
    const r = this.r;
    const name = this.names.ident(2);
    const n = r.int(4, 24);
    this.push(`static const __u${r.pick([8, 16, 32])} ${name}[${n}] = {\n`);
    for (let i = 0; i < n; i++) {
      this.push(`${i % 8 === 0 ? '\t' : ' '}${r.int(0, 255)},`);
      if (i % 8 === 7 || i === n - 1) this.push('\n');
    }
    this.push('};\n\n');
    if (this.structs.length > 0 && r.chance(0.6)) {
      const s = r.pick(this.structs);
      this.push(`static const struct ${s.name} ${this.names.ident(2)}_default = {\n`);
      for (const f of s.fields) if (!f.type.startsWith('struct')) this.push(`\t.${f.name}\t= ${r.pick(['0', '1', String(r.int(2, 4096)), this.macros.length ? r.pick(this.macros) : '2'])},\n`);
      this.push('};\n\n');
    }
  }

  private expr(vars: string[]): string {
    const r = this.r;
    const v = () => r.pick(vars);
    switch (r.int(0, 7)) {
      case 0: return `${v()} + ${r.int(1, 64)}`;
      case 1: return `${v()} & ${this.macros.length ? r.pick(this.macros) : '0xff'}`;
      case 2: return `(${v()} << ${r.int(1, 12)}) | ${v()}`;
      case 3: return `bpf_ntohs(${v()})`;
      case 4: return `${v()} ^ (${v()} >> ${r.int(1, 16)})`;
      case 5: return `${v()} * ${r.pick(['2654435761U', '31', '0x9e3779b9'])}`;
      case 6: return `${v()} ? ${v()} : ${r.int(0, 9)}`;
      default: return `${v()} - ${v()}`;
    }
  }

  private body(vars: string[], depth: number, budget: { n: number }): void {
    const r = this.r;
    const ind = '\t'.repeat(depth);
    while (budget.n > 0) {
      budget.n--;
      const k = r.int(0, depth > 2 ? 5 : 11);
      if (k <= 2) this.push(`${ind}${r.pick(vars)} = ${this.expr(vars)};\n`);
      else if (k === 3) this.push(`${ind}${r.pick(vars)} += ${this.expr(vars)};\n`);
      else if (k === 4 && r.chance(0.3)) this.push(`${ind}/* ${sentence(r)} */\n`);
      else if (k === 5) this.push(`${ind}if (${r.pick(vars)} > ${r.int(1, 1500)})\n${ind}\treturn ${r.pick(['-1', '0', 'TC_ACT_SHOT', 'XDP_DROP', 'TC_ACT_OK'])};\n`);
      else if (k === 6) {
        this.push(`${ind}if (${this.expr(vars)}) {\n`);
        this.body(vars, depth + 1, { n: r.int(1, 4) });
        if (r.chance(0.4)) { this.push(`${ind}} else {\n`); this.body(vars, depth + 1, { n: r.int(1, 3) }); }
        this.push(`${ind}}\n`);
      } else if (k === 7) {
        const i = r.pick(['i', 'j', 'k']);
        this.push(`${ind}#pragma unroll\n${ind}for (int ${i} = 0; ${i} < ${r.int(2, 16)}; ${i}++) {\n`);
        this.body([...vars, i], depth + 1, { n: r.int(1, 3) });
        this.push(`${ind}}\n`);
      } else if (k === 8) {
        this.push(`${ind}switch (${r.pick(vars)}) {\n`);
        for (let c = r.int(2, 5); c > 0; c--) {
          this.push(`${ind}case ${r.int(0, 255)}:\n`);
          this.body(vars, depth + 1, { n: r.int(1, 2) });
          this.push(`${ind}\tbreak;\n`);
        }
        this.push(`${ind}default:\n${ind}\treturn ${r.int(-22, 0)};\n${ind}}\n`);
      } else if (k === 9 && this.funcs.length > 0) {
        this.push(`${ind}${r.pick(vars)} = ${r.pick(this.funcs)}(${r.pick(vars)}, ${r.pick(vars)});\n`);
      } else if (k === 10) {
        this.push(`${ind}if (data + sizeof(struct ${this.structs.length ? r.pick(this.structs).name : 'ethhdr'}) > data_end)\n${ind}\treturn ${r.pick(['XDP_PASS', 'TC_ACT_OK', '0'])};\n`);
      } else if (k === 11 && r.chance(0.5)) {
        this.push(`${ind}${r.pick(vars)} = ${r.pick(vars)} ${r.pick(['<', '>=', '==', '!='])} ${r.int(0, 64)};\n`);
      } else {
        this.push(`${ind}bpf_printk("${r.pick(VERBS)} %d {%s}\\n", ${r.pick(vars)}, "${r.pick(NOUNS)}");\n`);
      }
    }
  }

  helper(): void {
    const r = this.r;
    const name = this.names.func();
    const ret = r.pick(['int', '__u32', '__u64', 'bool', 'long']);
    const a = r.pick(NOUNS), b = `${r.pick(NOUNS)}_${r.pick(ADJ)}`;
    if (r.chance(0.3)) this.push(`/*\n * ${name}() - ${sentence(r)}\n * ${sentence(r)}\n */\n`);
    this.push(`static ${r.pick(['__always_inline ', 'inline ', '__inline ', ''])}${ret} ${name}(__u32 ${a}, __u64 ${b})\n{\n`);
    const locals = [a, b];
    for (let i = r.int(1, 4); i > 0; i--) {
      const l = `${r.pick(NOUNS)}${i}`;
      locals.push(l);
      this.push(`\t${r.pick(SCALARS)} ${l} = ${r.int(0, 9)};\n`);
    }
    this.push('\tvoid *data = 0, *data_end = 0;\n\n');
    this.body(locals, 1, { n: r.int(3, 18) });
    this.push(`\treturn ${r.pick(locals)};\n}\n\n`);
    this.funcs.push(name);
  }

  btfMap(): void {
    const r = this.r;
    const name = `${this.names.ident(2)}_map`;
    const type = r.pick(['HASH', 'ARRAY', 'LRU_HASH', 'PERCPU_ARRAY', 'RINGBUF']);
    this.push(`struct {\n\t__uint(type, BPF_MAP_TYPE_${type});\n`);
    if (type !== 'RINGBUF') this.push(`\t__type(key, __u32);\n\t__type(value, ${this.structs.length ? `struct ${r.pick(this.structs).name}` : '__u64'});\n`);
    this.push(`\t__uint(max_entries, ${1 << r.int(4, 16)});\n} ${name} SEC(".maps");\n\n`);
  }

  ifdefBlock(): void {
    const r = this.r;
    const guard = `ENABLE_${r.pick(NOUNS).toUpperCase()}_${r.pick(ADJ).toUpperCase()}`;
    this.push(`#ifdef ${guard}\n`);
    this.helper();
    this.push(`#else\nstatic __always_inline int ${this.names.func()}(void)\n{\n\treturn 0;\n}\n#endif /* ${guard} */\n\n`);
  }

  /** Adds plain top-level constructs until the text reaches `target` characters. */
  fill(target: number): void {
    const r = this.r;
    while (this.size < target) {
      const k = r.int(0, 19);
      if (k < 2) this.structDef();
      else if (k < 3) this.enumDef();
      else if (k < 4) this.constTable();
      else if (k < 5) this.ifdefBlock();
      else this.helper();
    }
  }
}

/** A plain C file of about `target` characters that names no legacy construct. */
export function generatePlainFile(r: Rng, target: number): string {
  const w = new CWriter(r, new Names(r));
  w.fileHeader(r.pick(['GPL-2.0', 'GPL-2.0 OR BSD-2-Clause', 'MIT']));
  const btf = r.chance(0.15);
  w.includes(btf ? ['<linux/bpf.h>', '<bpf/bpf_helpers.h>'] : []);
  w.defines();
  for (let i = r.int(1, 3); i > 0; i--) w.structDef();
  if (btf) for (let i = r.int(1, 3); i > 0; i--) w.btfMap();
  w.fill(target);
  if (btf) w.push(`char _license[] SEC("license") = "GPL";\n`);
  return w.text();
}

/** A plain header: guards, structs, enums, macros. */
export function generatePlainHeader(r: Rng, target: number): string {
  const w = new CWriter(r, new Names(r));
  const guard = `__${camel(r, 2).toUpperCase()}_H`;
  w.fileHeader();
  w.push(`#ifndef ${guard}\n#define ${guard}\n\n`);
  w.defines();
  while (w.size < target) {
    if (r.chance(0.6)) w.structDef(); else w.enumDef();
  }
  w.push(`#endif /* ${guard} */\n`);
  return w.text();
}

// ---------------------------------------------------------------------------------------------
// Legacy programs.

export interface LegacyFileInfo {
  text: string;
  /** Names of the legacy maps declared in the file. */
  maps: string[];
  kind: 'elf' | 'mapdef';
}

export const KEYED_TYPES = ['HASH', 'ARRAY', 'PERCPU_HASH', 'PERCPU_ARRAY', 'LRU_HASH', 'LRU_PERCPU_HASH'];

export interface LegacyOptions {
  /** Number of maps (besides a prog array). */
  maps?: [number, number];
  /** Probability of a prog array with __section_tail programs. */
  tailCalls?: number;
}

/** An iproute2 tc program with several `struct bpf_elf_map` maps, of about `target` characters. */
export function generateElfMapFile(r: Rng, target: number, opts: LegacyOptions = {}): LegacyFileInfo {
  const names = new Names(r);
  const w = new CWriter(r, names);
  const maps: string[] = [];
  w.fileHeader();
  w.push('#include "bpf_api.h"\n');
  w.includes();
  w.defines();
  const structs: StructDef[] = [];
  for (let i = r.int(2, 4); i > 0; i--) structs.push(w.structDef());
  const section = r.pick(['__section("maps")', '__section_maps', '__map_decl']);
  if (section === '__map_decl') w.push('/* This project spells the maps section its own way. */\n#define __map_decl\t__section_maps\n\n');
  const [lo, hi] = opts.maps ?? [2, 6];
  const mapCount = r.int(lo, hi);
  for (let i = 0; i < mapCount; i++) {
    const name = `${names.ident(2)}_${r.pick(['map', 'tbl', 'cnt', 'state', 'cache'])}`;
    maps.push(name);
    const type = r.pick(KEYED_TYPES);
    const k = r.pick(structs);
    const v = r.pick(structs);
    const keyT = type.includes('ARRAY') ? '__u32' : r.chance(0.6) ? `struct ${k.name}` : r.pick(['__u32', '__u64', '__be32']);
    const valT = r.chance(0.7) ? `struct ${v.name}` : r.pick(['__u64', '__u32']);
    const maxMacro = w.macros.length && r.chance(0.4) ? r.pick(w.macros) : String(1 << r.int(6, 16));
    const pin = r.pick(['PIN_GLOBAL_NS', 'PIN_GLOBAL_NS', 'PIN_NONE', '']);
    if (r.chance(0.3)) w.push(`/* ${sentence(r)} */\n`);
    if (r.chance(0.2)) {
      // Positional initializer in the struct's field order.
      w.push(`struct bpf_elf_map ${section} ${name} = { BPF_MAP_TYPE_${type}, sizeof(${keyT}), sizeof(${valT}), ${maxMacro} };\n\n`);
    } else {
      w.push(`struct bpf_elf_map ${section} ${name} = {\n`);
      w.push(`\t.type\t\t= BPF_MAP_TYPE_${type},\n\t.size_key\t= sizeof(${keyT}),\n\t.size_value\t= sizeof(${valT}),`);
      w.push(r.chance(0.3) ? `\t/* ${sentence(r, 2, 4)} */\n` : '\n');
      w.push(`\t.max_elem\t= ${maxMacro},\n`);
      if (type.includes('HASH') && !type.startsWith('LRU') && r.chance(0.3)) w.push('\t.flags\t\t= BPF_F_NO_PREALLOC,\n');
      else if (r.chance(0.2)) w.push('\t.flags\t\t= 0,\n');
      if (pin) w.push(`\t.pinning\t= ${pin},\n`);
      w.push('};\n');
      if (keyT.startsWith('struct') && r.chance(0.35)) w.push(`BPF_ANNOTATE_KV_PAIR(${name}, ${keyT}, ${valT});\n`);
      w.push('\n');
    }
  }
  const tails: string[] = [];
  let jmp = '';
  if (r.chance(opts.tailCalls ?? 0.5)) {
    jmp = `jmp_${names.ident(1)}`;
    maps.push(jmp);
    const id = r.int(1, 99);
    const n = r.int(2, 4);
    w.push(`#define ${jmp.toUpperCase()}_ID\t${id}\n\nstruct bpf_elf_map ${section} ${jmp} = {\n\t.type\t\t= BPF_MAP_TYPE_PROG_ARRAY,\n\t.id\t\t= ${jmp.toUpperCase()}_ID,\n\t.size_key\t= sizeof(__u32),\n\t.size_value\t= sizeof(__u32),\n\t.max_elem\t= ${n},\n\t.pinning\t= PIN_GLOBAL_NS,\n};\n\n`);
    for (let i = 0; i < n; i++) tails.push(`${jmp}_stage${i}`);
  }
  // Code around the maps: helpers that use them, then the programs.
  const budget = Math.max(w.size + Math.min(1000, target / 4), target - 1500 * (tails.length + 1));
  w.fill(budget);
  for (let i = 0; i < tails.length; i++) {
    w.push(`__section_tail(${jmp.toUpperCase()}_ID, ${i})\nint ${tails[i]}(struct __sk_buff *skb)\n{\n`);
    programBody(w, r, maps.filter((m) => m !== jmp), structs);
    if (i + 1 < tails.length) w.push(`\ttail_call(skb, &${jmp}, ${i + 1});\n`);
    w.push('\treturn TC_ACT_OK;\n}\n\n');
  }
  w.push(`__section_cls_entry\nint cls_${names.ident(1)}(struct __sk_buff *skb)\n{\n`);
  programBody(w, r, maps.filter((m) => m !== jmp), structs);
  if (jmp) w.push(`\ttail_call(skb, &${jmp}, 0);\n`);
  w.push('\treturn TC_ACT_OK;\n}\n\nBPF_LICENSE("GPL");\n');
  return { text: w.text(), maps, kind: 'elf' };
}

export function programBody(w: CWriter, r: Rng, maps: string[], structs: StructDef[]): void {
  w.push('\tvoid *data = (void *)(long)skb->data;\n\tvoid *data_end = (void *)(long)skb->data_end;\n\tstruct ethhdr *eth = data;\n\t__u32 key = skb->hash;\n\tvoid *val;\n\n');
  w.push('\tif (data + sizeof(*eth) > data_end)\n\t\treturn TC_ACT_OK;\n');
  for (let i = r.int(1, 3); i > 0 && maps.length > 0; i--) {
    const m = r.pick(maps);
    w.push(`\tval = map_lookup_elem(&${m}, &key);\n\tif (!val) {\n\t\tstruct ${r.pick(structs).name} init = {};\n\n\t\tmap_update_elem(&${m}, &key, &init, BPF_NOEXIST);\n\t\treturn TC_ACT_OK;\n\t}\n`);
  }
  if (w.funcs.length > 0) w.push(`\tkey = ${r.pick(w.funcs)}(key, skb->len);\n`);
}

/** A libbpf-legacy program with `struct bpf_map_def SEC("maps")` maps. */
export function generateMapDefFile(r: Rng, target: number): LegacyFileInfo {
  const names = new Names(r);
  const w = new CWriter(r, names);
  const maps: string[] = [];
  w.fileHeader();
  w.includes(['<linux/bpf.h>', '<bpf/bpf_helpers.h>', '"bpf_legacy.h"']);
  w.defines();
  const structs: StructDef[] = [];
  for (let i = r.int(1, 3); i > 0; i--) structs.push(w.structDef());
  for (let i = r.int(1, 4); i > 0; i--) {
    const name = `${names.ident(2)}_map`;
    maps.push(name);
    const type = r.pick(['HASH', 'ARRAY', 'PERCPU_ARRAY', 'LRU_HASH']);
    w.push(`struct bpf_map_def SEC("maps") ${name} = {\n\t.type = BPF_MAP_TYPE_${type},\n\t.key_size = sizeof(__u32),\n\t.value_size = sizeof(struct ${r.pick(structs).name}),\n\t.max_entries = ${1 << r.int(4, 14)},\n${r.chance(0.3) && type.includes('HASH') ? '\t.map_flags = BPF_F_NO_PREALLOC,\n' : ''}};\n\n`);
  }
  w.fill(target - 800);
  w.push(`SEC("xdp")\nint xdp_${names.ident(1)}(struct xdp_md *ctx)\n{\n\t__u32 key = ctx->rx_queue_index;\n\tvoid *val;\n\n`);
  for (const m of maps) w.push(`\tval = bpf_map_lookup_elem(&${m}, &key);\n\tif (!val)\n\t\treturn XDP_PASS;\n`);
  w.push(`\treturn XDP_PASS;\n}\n\nchar _license[] SEC("license") = "GPL";\n`);
  return { text: w.text(), maps, kind: 'mapdef' };
}

// ---------------------------------------------------------------------------------------------
// Trees.

export interface TreeSpec {
  kind: 'mixed' | 'legacy' | 'dense';
  seed: number;
  files: number;
}

export interface TreeManifest {
  version: number;
  spec: TreeSpec;
  files: number;
  bytes: number;
  /** Paths (relative to the tree root) of files that hold legacy maps, sorted. */
  legacy: string[];
  includeDir: string;
  /** Dense trees: legacy map declarations in all files (headers included). */
  maps?: number;
  /** Dense trees: files that declare a prog array or a tail-call program. */
  tailFiles?: number;
  /** Dense trees: the project directories (relative), with their bytes, for splitting the tree in halves. */
  projects?: { dir: string; bytes: number }[];
}

export const MIXED_SPEC: TreeSpec = { kind: 'mixed', seed: 0x5eed01, files: 2600 };
export const LEGACY_SPEC: TreeSpec = { kind: 'legacy', seed: 0x5eed02, files: 1600 };

function relPath(i: number, per: number, ext = 'c'): string {
  const d = Math.floor(i / per);
  return join(`pkg${String(d).padStart(3, '0')}`, `${['prog', 'lib', 'xdp', 'tc', 'ct', 'nat'][i % 6]}_${String(i).padStart(5, '0')}.${ext}`);
}

/** Writes the tree for `spec` into `root` (which must not exist) and returns its manifest. */
export function writeTree(root: string, spec: TreeSpec): TreeManifest {
  const r = new Rng(spec.seed);
  const includeDir = join(root, 'include');
  writeBenchHeaders(includeDir);
  let bytes = Object.values(BENCH_HEADERS).reduce((a, s) => a + Buffer.byteLength(s), 0);
  let files = Object.keys(BENCH_HEADERS).length;
  const legacy: string[] = [];
  const made = new Set<string>();
  const put = (rel: string, text: string) => {
    const full = join(root, rel);
    const dir = join(full, '..');
    if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
    writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
    files++;
  };
  for (let i = 0; i < spec.files; i++) {
    const fr = r.fork();
    if (spec.kind === 'legacy') {
      const f = generateElfMapFile(fr, fr.int(10_000, 30_000), { maps: [3, 7], tailCalls: 0.5 });
      const rel = relPath(i, 64);
      put(rel, f.text);
      legacy.push(rel);
      continue;
    }
    // Mixed: ~3% legacy (4 in 5 of those iproute2-style), ~8% headers, the rest plain C.
    const roll = fr.next();
    if (roll < 0.024) {
      const f = generateElfMapFile(fr, fr.logSize(4_000, 40_000));
      const rel = relPath(i, 48);
      put(rel, f.text);
      legacy.push(rel);
    } else if (roll < 0.03) {
      const f = generateMapDefFile(fr, fr.logSize(3_000, 20_000));
      const rel = relPath(i, 48);
      put(rel, f.text);
      legacy.push(rel);
    } else if (roll < 0.11) {
      put(relPath(i, 48, 'h'), generatePlainHeader(fr, fr.logSize(800, 12_000)));
    } else {
      put(relPath(i, 48), generatePlainFile(fr, fr.logSize(1_500, 95_000)));
    }
  }
  // A directory the CLI must not enter.
  mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'dep', 'ignored.c'), 'struct bpf_elf_map x;\n');
  legacy.sort();
  return { version: GENERATOR_VERSION, spec, files, bytes, legacy, includeDir };
}

/** Returns the cached tree for `spec` under `baseDir`, generating it (atomically) if needed. */
export function ensureTree(
  baseDir: string, spec: TreeSpec,
  write: (root: string, spec: TreeSpec) => TreeManifest = writeTree, version = GENERATOR_VERSION,
): { root: string; manifest: TreeManifest; generated: boolean; seconds: number } {
  const root = join(baseDir, `bpf-migrate-bench-${spec.kind}-v${version}-s${spec.seed.toString(16)}-n${spec.files}`);
  const stamp = join(root, '.bench-manifest.json');
  if (existsSync(stamp)) {
    try {
      const manifest = JSON.parse(readFileSync(stamp, 'utf8')) as TreeManifest;
      if (manifest.version === version) return { root, manifest: { ...manifest, includeDir: join(root, 'include') }, generated: false, seconds: 0 };
    } catch { /* regenerate */ }
  }
  const t0 = performance.now();
  const tmp = `${root}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const manifest = write(tmp, spec);
  writeFileSync(join(tmp, '.bench-manifest.json'), JSON.stringify(manifest));
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  return { root, manifest: { ...manifest, includeDir: join(root, 'include') }, generated: true, seconds: (performance.now() - t0) / 1000 };
}
