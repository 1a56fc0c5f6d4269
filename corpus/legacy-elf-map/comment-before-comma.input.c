/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comments between a value and its comma stay with the member, after its
 * semicolon; the comma goes with the field. A dropped field keeps its
 * comment in its place.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps pkt_len = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= 8 /* bytes: a __u64 */,
	.max_elem	= 16 /* one per queue */,
	.flags		= 0 /* none */,
};

__section_cls_entry
int cls_len(struct __sk_buff *skb)
{
	__u32 q = skb->queue_mapping & 15;
	__u64 *v = map_lookup_elem(&pkt_len, &q);

	if (v)
		*v += skb->len;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
