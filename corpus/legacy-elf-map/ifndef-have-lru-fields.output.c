/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Neighbour cache that uses an LRU hash where the kernel has one. The
 * conditional wraps whole fields, so each branch is rewritten in place.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct neigh_val {
	__u8	mac[6];
	__u16	state;
	__u64	updated;
};

struct {
#ifndef HAVE_LRU
	__uint(type, BPF_MAP_TYPE_HASH);
#else
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
#endif
	__type(key, __be32);
	__type(value, struct neigh_val);
#ifdef HAVE_LRU
	__uint(max_entries, 16384);
#else
	__uint(max_entries, 2048);
#endif
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} neigh_cache __section(".maps");

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
