/* SPDX-License-Identifier: GPL-2.0 */
/* Connection tracking table with documented fields. */
#include "bpf_api.h"

struct ct_key {
	__be32	saddr;
	__be32	daddr;
	__be16	sport;
	__be16	dport;
};

struct ct_val {
	__u64	last_seen;
	__u32	packets;
	__u32	state;
};

/* Shared with the userspace garbage collector. */
struct bpf_elf_map __section_maps ct_table = {
	.type		= BPF_MAP_TYPE_HASH,	/* LRU would evict live flows */
	/* 5-tuple without the protocol: TCP only */
	.size_key	= sizeof(struct ct_key),
	.size_value	= sizeof(struct ct_val),	/* see ct_val above */
	// sized for a small edge box
	.max_elem	= 65536,
	.pinning	= PIN_GLOBAL_NS,	/* /sys/fs/bpf/tc/globals/ct_table */
};

__section_cls_entry
int cls_ct(struct __sk_buff *skb)
{
	struct ct_key key = {
		.saddr = skb->hash,
		.daddr = skb->mark,
		.sport = (__be16)skb->priority,
		.dport = (__be16)skb->ifindex,
	};
	struct ct_val *val, init = { .packets = 1 };

	val = map_lookup_elem(&ct_table, &key);
	if (val) {
		val->last_seen = ktime_get_ns();
		val->packets++;
		return TC_ACT_OK;
	}
	init.last_seen = ktime_get_ns();
	map_update_elem(&ct_table, &key, &init, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
