/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The annotated value type is the file's typedef of a scalar: its size is
 * known (8), so only __type is written, as for __u64 itself.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

typedef __u64 counter_t;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, counter_t);
	__uint(max_entries, 256);
} proto_counters __section(".maps");

__section_cls_entry
int cls_proto(struct __sk_buff *skb)
{
	__u32 proto = skb->protocol & 0xff;
	counter_t *c = map_lookup_elem(&proto_counters, &proto);

	if (c)
		*c += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
