/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every map carries an id for the control plane, the outer one too. An
 * outer map is never an inner map (its .inner_id is not 0) and no other
 * outer takes it as a template, so its id wires nothing and is dropped.
 */
#include "bpf_api.h"

#define INNER_ID	1
#define OUTER_ID	2

struct bpf_elf_map __section_maps backends = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 8,
	.id		= INNER_ID,
};

struct bpf_elf_map __section_maps backend_sets = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.id		= OUTER_ID,
	.inner_id	= INNER_ID,
};

__section_cls_entry
int cls_pick(struct __sk_buff *skb)
{
	__u32 zero = 0;
	void *set = map_lookup_elem(&backend_sets, &zero);

	if (set && map_lookup_elem(set, &zero))
		return TC_ACT_OK;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
