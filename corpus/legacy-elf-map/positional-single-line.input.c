/* SPDX-License-Identifier: GPL-2.0 */
/* Count packets per queue; the map is a one-line positional initializer. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps queue_hits = { BPF_MAP_TYPE_ARRAY, sizeof(__u32), sizeof(__u64), 64 };

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
