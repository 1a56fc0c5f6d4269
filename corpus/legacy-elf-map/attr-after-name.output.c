/* SPDX-License-Identifier: GPL-2.0 */
/* The section attribute follows the map name instead of preceding it. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} egress_mark __section(".maps");

__section_act_entry
int act_mark(struct __sk_buff *skb)
{
	__u32 zero = 0, *mark;

	mark = map_lookup_elem(&egress_mark, &zero);
	if (mark && *mark)
		skb->mark = *mark;
	return TC_ACT_PIPE;
}

BPF_LICENSE("GPL");
