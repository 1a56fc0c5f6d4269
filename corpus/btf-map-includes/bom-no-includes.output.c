/* SPDX-License-Identifier: GPL-2.0 */
/* Found by the fuzzer: a UTF-8 byte-order mark and no #include at all.
 * Nothing is ever inserted in front of the mark, and a file that includes
 * nothing gets the few BTF-map definitions written in, above its first map. */
typedef unsigned int __u32;
typedef unsigned long long __u64;

struct bpf_elf_map {
	__u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;
};

#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

struct {
	__uint(type, 6);	/* BPF_MAP_TYPE_PERCPU_ARRAY */
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} hits __attribute__((section(".maps"), used));

char __license[] __attribute__((section("license"), used)) = "GPL";
