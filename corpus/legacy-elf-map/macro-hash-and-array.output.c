/* SPDX-License-Identifier: GPL-2.0 */
/* Per-flow byte counters and a small config array, declared with the map macros. */
#include "../include/bpf_api.h"
#include <bpf/bpf_helpers.h>

struct flow_key {
	__u32 saddr;
	__u32 daddr;
};

#define FLOW_MAX	4096

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow_key);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, FLOW_MAX);
} flow_bytes __section(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 8);
} cfg_words __section(".maps");	/* word 0: enabled */

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
