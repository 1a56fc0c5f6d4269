/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comments inside a field (around its `=`, before its value) and between
 * the closing brace and the semicolon: all kept, after the member or after
 * the declaration.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps queue_stats = {
	.type /* per CPU */ = /* cheap */ BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= /* was 8 */ 16,
} /* queue_stats */;

__section_cls_entry
int cls_queue(struct __sk_buff *skb)
{
	__u32 q = skb->queue_mapping & 15;
	__u64 *v = map_lookup_elem(&queue_stats, &q);

	if (v)
		*v += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
