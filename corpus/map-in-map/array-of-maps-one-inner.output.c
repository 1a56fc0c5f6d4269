/* SPDX-License-Identifier: GPL-2.0 */
/* Map in map, as in iproute2's examples: one outer array, one inner map. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define MAP_INNER_ID	42

struct map_inner_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} map_inner __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 1);
	__array(values, struct map_inner_def);
} map_outer __section(".maps") = {
	.values = {
		[0] = &map_inner,
	},
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
