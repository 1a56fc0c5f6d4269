/* SPDX-License-Identifier: GPL-2.0 */
/* Cilium-style maps with global, per-object and no pinning side by side. */
#include "cilium_compat.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct policy_key);
	__type(value, struct policy_entry);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, POLICY_MAP_SIZE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} POLICY_MAP __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct ipv4_ct_tuple);
	__type(value, struct ct_entry);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, CT_MAP_SIZE_TCP);
} CT_MAP_TCP4 __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 64);
} EVENTS_MAP __section(".maps");

__section_entry
int handle_policy(struct __sk_buff *skb)
{
	struct policy_key key = {
		.sec_label = skb->mark,
		.dport = (__u16)skb->ifindex,
		.protocol = 6,
	};
	struct ipv4_ct_tuple tuple = {
		.daddr = skb->mark,
		.saddr = skb->hash,
		.nexthdr = 6,
	};
	struct policy_entry *policy;
	struct ct_entry *ct;
	__u32 len = skb->len;

	ct = map_lookup_elem(&CT_MAP_TCP4, &tuple);
	if (ct)
		return TC_ACT_OK;

	policy = map_lookup_elem(&POLICY_MAP, &key);
	if (policy && !policy->deny)
		return TC_ACT_OK;

	perf_event_output(skb, &EVENTS_MAP, BPF_F_CURRENT_CPU, &len, sizeof(len));
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
