/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every map carries an id for the control plane, the outer one too. An
 * outer map is never an inner map (its .inner_id is not 0) and no other
 * outer takes it as a template, so its id wires nothing and is dropped.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define INNER_ID	1
#define OUTER_ID	2

struct backends_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 8);
} backends __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 1);
	__array(values, struct backends_def);
} backend_sets __section(".maps") = {
	.values = {
		[0] = &backends,
	},
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
