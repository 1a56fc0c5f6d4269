/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Neighbour cache that uses an LRU hash where the kernel has one. The
 * conditional wraps whole fields, so each branch is rewritten in place.
 */
#include "bpf_api.h"

struct neigh_val {
	__u8	mac[6];
	__u16	state;
	__u64	updated;
};

struct bpf_elf_map __section_maps neigh_cache = {
#ifndef HAVE_LRU
	.type		= BPF_MAP_TYPE_HASH,
#else
	.type		= BPF_MAP_TYPE_LRU_HASH,
#endif
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(struct neigh_val),
#ifdef HAVE_LRU
	.max_elem	= 16384,
#else
	.max_elem	= 2048,
#endif
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_neigh(struct __sk_buff *skb)
{
	__be32 addr = skb->hash;
	struct neigh_val *n;

	n = map_lookup_elem(&neigh_cache, &addr);
	if (!n)
		return TC_ACT_OK;
	n->updated = ktime_get_ns();
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
