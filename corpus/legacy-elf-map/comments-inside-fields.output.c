/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comments inside a field (around its `=`, before its value) and between
 * the closing brace and the semicolon: all kept, after the member or after
 * the declaration.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); /* per CPU */ /* cheap */
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16); /* was 8 */
} queue_stats __section(".maps"); /* queue_stats */

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
