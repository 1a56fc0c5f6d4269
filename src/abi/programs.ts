/**
 * Program facts: the kernel's program types, which section names libbpf gives which type, how the
 * legacy loaders read numbers out of section names (iproute2's `"%i/%i"` tail calls, samples/bpf's
 * `socket/N`), and which sections hold no program.
 */

/** `enum bpf_prog_type` (linux/bpf.h), lower case without `BPF_PROG_TYPE_`: the index is the number. */
export const BPF_PROG_TYPES = [
  'unspec', 'socket_filter', 'kprobe', 'sched_cls', 'sched_act', 'tracepoint', 'xdp', 'perf_event',
  'cgroup_skb', 'cgroup_sock', 'lwt_in', 'lwt_out', 'lwt_xmit', 'sock_ops', 'sk_skb', 'cgroup_device',
  'sk_msg', 'raw_tracepoint', 'cgroup_sock_addr', 'lwt_seg6local', 'lirc_mode2', 'sk_reuseport',
  'flow_dissector', 'cgroup_sysctl', 'raw_tracepoint_writable', 'cgroup_sockopt', 'tracing', 'struct_ops',
  'ext', 'lsm', 'sk_lookup', 'syscall', 'netfilter',
] as const;

export type ProgTypeName = (typeof BPF_PROG_TYPES)[number];

/** Section names iproute2's tc gives a program type that libbpf does not know. */
const IPROUTE2_SECTION_TYPES: Readonly<Record<string, ProgTypeName>> = { classifier: 'sched_cls', action: 'sched_act' };

/** The program type number tc gives section `section` when libbpf does not know it (`classifier`, `action`), or undefined. */
export function iproute2SectionProgType(section: string): number | undefined {
  return Object.hasOwn(IPROUTE2_SECTION_TYPES, section) ? BPF_PROG_TYPES.indexOf(IPROUTE2_SECTION_TYPES[section]) : undefined;
}

/**
 * `%i` as glibc's sscanf reads it: white space, an optional sign, then hex (`0x`), octal (a
 * leading 0) or decimal. `value` is the number read (what an `int` receives when it fits),
 * `text` the characters that spell it, `rest` what follows.
 */
export function scanInt(s: string): { value: number; text: string; rest: string } | undefined {
  // glibc takes a `0x` with no hex digit after it as 0 (`"0x/1"` reads as 0 and 1).
  const m = /^\s*([+-]?(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9]\d*))/.exec(s);
  if (!m) return undefined;
  const digits = m[2];
  const magnitude = /^0[xX]/.test(digits) ? (digits.length > 2 ? parseInt(digits.slice(2), 16) : 0) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits.slice(1), 8) : parseInt(digits, 10);
  return { value: m[1].startsWith('-') ? -magnitude : magnitude, text: m[1], rest: s.slice(m[0].length) };
}

/** The value `%i` stores into a `__u32` (iproute2's map id and key): the number read, modulo 2^32. */
export function asU32(value: number): number {
  return value >>> 0;
}

/**
 * A section name iproute2's legacy loader reads as a tail call: `sscanf(name, "%i/%i", &id, &key) == 2`
 * (lib/bpf_legacy.c). `id` and `key` are the numbers read (see asU32 for what the loader stores);
 * `idText` and `keyText` spell them as written.
 */
export function parseTailSection(name: string): { idText: string; keyText: string; id: number; key: number } | undefined {
  const a = scanInt(name);
  if (!a || !a.rest.startsWith('/')) return undefined;
  const b = scanInt(a.rest.slice(1));
  if (!b) return undefined;
  return { idText: a.text, keyText: b.text, id: a.value, key: b.value };
}

/**
 * The slot samples/bpf's bpf_load.c reads from a section name: "socket/N" and "sockops/N" (a digit
 * after the slash, atoi), "kprobe/N" and "kretprobe/N" (a digit first, atoi). Other families with a
 * number ("sk_skb/N", "tracepoint/N", "xdp/N") are not wired by it (docs/semantics.md §2.4).
 */
export const BPF_LOAD_FAMILIES = ['socket', 'sockops', 'kprobe', 'kretprobe'] as const;

const BPF_LOAD_SLOT = new RegExp(`^(?:${BPF_LOAD_FAMILIES.join('|')})/(\\d+)`);

export function bpfLoadSlot(section: string): number | undefined {
  const m = BPF_LOAD_SLOT.exec(section);
  return m ? parseInt(m[1], 10) : undefined;
}

/** Sections that hold no program: data, maps, the license, plain code. */
export const NON_PROGRAM_SECTIONS = /^(\.text|maps|license|version|\.maps.*|\.data.*|\.rodata.*|\.bss.*)$/;

const LIBBPF_EXACT: Readonly<Record<string, string>> = {
  classifier: 'sched_cls', tc: 'sched_cls', action: 'sched_act', xdp: 'xdp', 'xdp.frags': 'xdp', socket: 'socket_filter',
  perf_event: 'perf_event', lwt_in: 'lwt_in', lwt_out: 'lwt_out', lwt_xmit: 'lwt_xmit', lwt_seg6local: 'lwt_seg6local',
  sockops: 'sock_ops', sk_skb: 'sk_skb', sk_msg: 'sk_msg', flow_dissector: 'flow_dissector', sk_lookup: 'sk_lookup',
  'tc/ingress': 'sched_cls', 'tc/egress': 'sched_cls', 'tcx/ingress': 'sched_cls', 'tcx/egress': 'sched_cls',
};
const LIBBPF_PREFIXES: readonly [string, string][] = [
  ['kprobe/', 'kprobe'], ['kretprobe/', 'kprobe'], ['uprobe', 'kprobe'], ['tracepoint/', 'tracepoint'], ['tp/', 'tracepoint'],
  ['raw_tracepoint/', 'raw_tracepoint'], ['raw_tp/', 'raw_tracepoint'], ['cgroup_skb/', 'cgroup_skb'], ['cgroup/', 'cgroup'],
  ['xdp/', 'xdp'], ['sk_skb/', 'sk_skb'], ['fentry/', 'tracing'], ['fexit/', 'tracing'], ['lsm/', 'lsm'],
];

/**
 * Program type libbpf infers from a section name (only what matters here: whether two
 * sections give the same type, and whether libbpf knows the name at all).
 */
export function libbpfProgramType(section: string): string | undefined {
  if (Object.hasOwn(LIBBPF_EXACT, section)) return LIBBPF_EXACT[section];
  for (const [p, t] of LIBBPF_PREFIXES) if (section.startsWith(p)) return t;
  return undefined;
}
