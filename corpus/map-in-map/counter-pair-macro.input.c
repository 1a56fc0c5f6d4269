/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A macro that declares an inner template and its outer array at once, wired by ids that
 * __COUNTER__ hands out: .id takes the next value plus one, .inner_id the value after it.
 */
#include "bpf_api.h"

#define MAP_OF_COUNTERS(outer, inner, slots)				\
	struct bpf_elf_map __section_maps inner = {			\
		.type		= BPF_MAP_TYPE_ARRAY,			\
		.size_key	= sizeof(__u32),			\
		.size_value	= sizeof(__u64),			\
		.max_elem	= 1,					\
		.id		= __COUNTER__ + 1,			\
	};								\
	struct bpf_elf_map __section_maps outer = {			\
		.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,		\
		.size_key	= sizeof(__u32),			\
		.size_value	= sizeof(__u32),			\
		.max_elem	= slots,				\
		.inner_id	= __COUNTER__,				\
	}

MAP_OF_COUNTERS(rx_tables, rx_template, 4);
MAP_OF_COUNTERS(tx_tables, tx_template, 4);

__section_cls_entry
int cls_count(struct __sk_buff *skb)
{
	__u32 zero = 0;
	void *inner = map_lookup_elem(skb->ingress_ifindex ? &rx_tables : &tx_tables, &zero);
	__u64 *n;

	if (!inner)
		return TC_ACT_OK;
	n = map_lookup_elem(inner, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
