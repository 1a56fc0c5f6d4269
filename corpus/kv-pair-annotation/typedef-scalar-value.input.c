/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The annotated value type is the file's typedef of a scalar: its size is
 * known (8), so only __type is written, as for __u64 itself.
 */
#include "bpf_api.h"

typedef __u64 counter_t;

struct bpf_elf_map __section_maps proto_counters = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= 8,
	.max_elem	= 256,
};
BPF_ANNOTATE_KV_PAIR(proto_counters, __u32, counter_t);

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
