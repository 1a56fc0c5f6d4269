/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The project's section macro expands to a raw attribute. The migrated map
 * cannot keep the macro (it means "maps"): it takes the attribute spelled
 * out with ".maps".
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define __maps_section	__attribute__((section("maps"), used))

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} drop_cnt __attribute__((section(".maps"), used));

__section_cls_entry
int cls_drop(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *v = map_lookup_elem(&drop_cnt, &zero);

	if (v)
		*v += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
