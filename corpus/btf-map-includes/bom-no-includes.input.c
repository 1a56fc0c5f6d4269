/* SPDX-License-Identifier: GPL-2.0 */
/* Found by the fuzzer: a UTF-8 byte-order mark and no #include at all.
 * Nothing is ever inserted in front of the mark, and a file that includes
 * nothing gets the few BTF-map definitions written in, above its first map. */
typedef unsigned int __u32;
typedef unsigned long long __u64;

struct bpf_elf_map {
	__u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;
};

struct bpf_elf_map __attribute__((section("maps"), used)) hits = {
	.type		= 6,	/* BPF_MAP_TYPE_PERCPU_ARRAY */
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
};

char __license[] __attribute__((section("license"), used)) = "GPL";
