/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comments between a value and its comma stay with the member, after its
 * semicolon; the comma goes with the field. A dropped field keeps its
 * comment in its place.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 8); /* bytes: a __u64 */
	__uint(max_entries, 16); /* one per queue */
	/* none */
} pkt_len __section(".maps");

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
