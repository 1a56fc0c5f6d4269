/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Backend tables swapped atomically by the control plane: the outer array
 * is pinned so userspace can replace slot 0; the inner map starts it off.
 */
#include "bpf_api.h"

#define BACKEND_ID	3

struct backend {
	__be32	addr;
	__be16	port;
	__u16	weight;
};

struct bpf_elf_map __section_maps backends_v1 = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct backend),
	.max_elem	= 128,
	.flags		= 0,
	.id		= BACKEND_ID,
};

#ifndef 
/* slot 0: the active backend table */
struct bpf_elf_map __section_maps backend_tables = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.flags		= 0,
	.inner_id	= BACKEND_ID,
	.pinning	= PIN_GLOBAL_NS,
};
#else
/* skipped */
#endif


__section_cls_entry
int pick_backend(struct __sk_buff *skb)
{
	__u32 zero = 0, slot = skb->hash % 128;
	struct backend *be;
	void *table;

	table = map_lookup_elem(&backend_tables, &zero);
	if (!table)
		return TC_ACT_OK;
	be = map_lookup_elem(table, &slot);
	if (be && be->weight)
		skb->mark = be->addr;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
