/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel takes BTF types for a map's key and value together or not at
 * all, and checks them per map type: a __type next to a size, a scalar key
 * on an LPM trie or a struct key on an array would make libbpf retry
 * without BTF. Such maps keep both sizes; the others get both types.
 */
#include "bpf_api.h"

struct lb4_key {
	__be32	address;
	__be16	dport;
	__u16	slot;
};

struct lpm_v4_key {
	__u32	prefixlen;
	__u8	addr[4];
};

/* Value size is an expression: no type for either side. */
struct bpf_elf_map __section_maps lb4_rr_seq = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct lb4_key),
	.size_value	= sizeof(__u16) * 31 + 4,
	.max_elem	= 256,
};

/* Numeric key size: no type for the value either. */
struct bpf_elf_map __section_maps flow_hits = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= 8,
	.size_value	= sizeof(__u32),
	.max_elem	= 1024,
};

/* An LPM trie's key must be a struct. */
struct bpf_elf_map __section_maps acl_v4 = {
	.type		= BPF_MAP_TYPE_LPM_TRIE,
	.size_key	= sizeof(__u64),
	.size_value	= sizeof(__u32),
	.max_elem	= 512,
	.flags		= BPF_F_NO_PREALLOC,
};

/* A struct key on an LPM trie, a 32-bit key on an array: both typed. */
struct bpf_elf_map __section_maps acl_v4_struct = {
	.type		= BPF_MAP_TYPE_LPM_TRIE,
	.size_key	= sizeof(struct lpm_v4_key),
	.size_value	= sizeof(__u32),
	.max_elem	= 512,
	.flags		= BPF_F_NO_PREALLOC,
};

struct bpf_elf_map __section_maps port_stats = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 64,
};

/* An array's key must be a 32-bit integer type. */
struct bpf_elf_map __section_maps slot_stats = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(struct { __u32 slot; }),
	.size_value	= sizeof(__u64),
	.max_elem	= 64,
};

__section_cls_entry
int cls_acl(struct __sk_buff *skb)
{
	struct lpm_v4_key k = { .prefixlen = 32 };
	__u64 key64 = skb->mark;
	__u32 zero = 0;

	if (map_lookup_elem(&acl_v4, &key64) || map_lookup_elem(&acl_v4_struct, &k))
		return TC_ACT_SHOT;
	map_lookup_elem(&lb4_rr_seq, &k);
	map_lookup_elem(&flow_hits, &key64);
	map_lookup_elem(&port_stats, &zero);
	map_lookup_elem(&slot_stats, &zero);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
