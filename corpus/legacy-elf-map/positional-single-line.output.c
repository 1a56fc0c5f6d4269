/* SPDX-License-Identifier: GPL-2.0 */
/* Count packets per queue; the map is a one-line positional initializer. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 64); } queue_hits __section(".maps");

__section_cls_entry
int cls_queue_hits(struct __sk_buff *skb)
{
	__u32 q = skb->queue_mapping;
	__u64 *cnt;

	if (q >= 64)
		return TC_ACT_OK;
	cnt = map_lookup_elem(&queue_hits, &q);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
