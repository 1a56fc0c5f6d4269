/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel takes BTF types for a map's key and value together or not at
 * all, and checks them per map type: a __type next to a size, a scalar key
 * on an LPM trie or a struct key on an array would make libbpf retry
 * without BTF. Such maps keep both sizes; the others get both types.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

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
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, sizeof(struct lb4_key));
	__uint(value_size, sizeof(__u16) * 31 + 4);
	__uint(max_entries, 256);
} lb4_rr_seq __section(".maps");

/* Numeric key size: no type for the value either. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, 8);
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 1024);
} flow_hits __section(".maps");

/* An LPM trie's key must be a struct. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(key_size, sizeof(__u64));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 512);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} acl_v4 __section(".maps");

/* A struct key on an LPM trie, a 32-bit key on an array: both typed. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);
	__uint(max_entries, 512);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} acl_v4_struct __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} port_stats __section(".maps");

/* An array's key must be a 32-bit integer type. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, sizeof(struct { __u32 slot; }));
	__uint(value_size, sizeof(__u64));
	__uint(max_entries, 64);
} slot_stats __section(".maps");

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
