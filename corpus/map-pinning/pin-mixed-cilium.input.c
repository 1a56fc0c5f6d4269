/* SPDX-License-Identifier: GPL-2.0 */
/* Cilium-style maps with global, per-object and no pinning side by side. */
#include "cilium_compat.h"

struct bpf_elf_map __section_maps POLICY_MAP = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct policy_key),
	.size_value	= sizeof(struct policy_entry),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= POLICY_MAP_SIZE,
	.flags		= BPF_F_NO_PREALLOC,
};

struct bpf_elf_map __section_maps CT_MAP_TCP4 = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(struct ipv4_ct_tuple),
	.size_value	= sizeof(struct ct_entry),
	.pinning	= PIN_OBJECT_NS,
	.max_elem	= CT_MAP_SIZE_TCP,
};

struct bpf_elf_map __section_maps EVENTS_MAP = {
	.type		= BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_NONE,
	.max_elem	= 64,
};

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
