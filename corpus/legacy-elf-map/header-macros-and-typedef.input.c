/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maps declared through a project header's macros (one variadic) and its
 * typedef of struct bpf_elf_map: this file never names the legacy struct,
 * and its maps are migrated all the same.
 */
#include "map_macros.h"

#define NR_IFACES	64

struct counters {
	__u64	packets;
	__u64	bytes;
};

MAP(if_stats,
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct counters),
	.max_elem	= NR_IFACES,
	.pinning	= PIN_GLOBAL_NS);

DEFINE_MAP(if_drops, BPF_MAP_TYPE_PERCPU_HASH, __u32, __u64, NR_IFACES, PIN_NONE);

tc_map_t __section_maps if_marks = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= NR_IFACES,
};

__section_cls_entry
int cls_stats(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex & (NR_IFACES - 1);
	struct counters *c = map_lookup_elem(&if_stats, &ifindex);
	__u32 *mark = map_lookup_elem(&if_marks, &ifindex);

	if (c) {
		c->packets++;
		c->bytes += skb->len;
	}
	if (mark)
		skb->mark = *mark;
	map_lookup_elem(&if_drops, &ifindex);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
