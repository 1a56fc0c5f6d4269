/* SPDX-License-Identifier: GPL-2.0 */
/* Per-flow byte counters and a small config array, declared with the map macros. */
#include "../include/bpf_api.h"

struct flow_key {
	__u32 saddr;
	__u32 daddr;
};

#define FLOW_MAX	4096

BPF_HASH(flow_bytes, 0, sizeof(struct flow_key), sizeof(__u64), PIN_GLOBAL_NS, FLOW_MAX);
BPF_ARRAY4(cfg_words, 0, PIN_NONE, 8);	/* word 0: enabled */

__section_cls_entry
int cls_count(struct __sk_buff *skb)
{
	struct flow_key key = { .saddr = skb->mark, .daddr = skb->ifindex };
	__u32 zero = 0;
	__u32 *enabled = map_lookup_elem(&cfg_words, &zero);
	__u64 *bytes;

	if (!enabled || !*enabled)
		return TC_ACT_OK;
	bytes = map_lookup_elem(&flow_bytes, &key);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
