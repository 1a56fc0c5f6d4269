/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Backend tables swapped atomically by the control plane: the outer array
 * is pinned so userspace can replace slot 0; the inner map starts it off.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define BACKEND_ID	3

struct backend {
	__be32	addr;
	__be16	port;
	__u16	weight;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct backend);
	__uint(max_entries, 128);
} backends_v1 __section(".maps");

struct backends_v1_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct backend));
	__uint(max_entries, 128);
};

/* slot 0: the active backend table */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__array(values, struct backends_v1_def);
} backend_tables __section(".maps") = {
	.values = {
		[0] = (void *)&backends_v1,
	},
};

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
