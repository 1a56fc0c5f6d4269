/* SPDX-License-Identifier: GPL-2.0 */
/* Map in map, as in iproute2's examples: one outer array, one inner map. */
#include "bpf_api.h"

#define MAP_INNER_ID	42

struct bpf_elf_map __section_maps map_inner = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.id		= MAP_INNER_ID,
	.inner_idx	= 0,
	.max_elem	= 1,
};

struct bpf_elf_map __section_maps map_outer = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.inner_id	= MAP_INNER_ID,
	.max_elem	= 1,
};

__section("egress")
int emain(struct __sk_buff *skb)
{
	struct bpf_elf_map *map_inner;
	__u32 key = 0, *val;

	map_inner = map_lookup_elem(&map_outer, &key);
	if (map_inner) {
		val = map_lookup_elem(map_inner, &key);
		if (val)
			printt("map val: %d\n", *val);
	}

	return TC_ACT_OK;
}

__section("ingress")
int imain(struct __sk_buff *skb)
{
	__u32 key = 0, *val;

	val = map_lookup_elem(&map_inner, &key);
	if (val)
		__sync_fetch_and_add(val, 1);

	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
