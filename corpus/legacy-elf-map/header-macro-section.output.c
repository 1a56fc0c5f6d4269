/* SPDX-License-Identifier: GPL-2.0 */
/* Pick a backend for each flow; the section macro comes from lb_common.h. */
#include "lb_common.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct lb_backend);
	__uint(max_entries, LB_MAX_BACKENDS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} lb_backends __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct lb_flow);
	__type(value, __u32);
	__uint(max_entries, LB_MAX_FLOWS);
} lb_flows __section(".maps");

__section_cls_entry
int cls_lb(struct __sk_buff *skb)
{
	struct lb_flow flow = {
		.saddr = skb->hash,
		.daddr = skb->mark,
		.sport = (__be16)skb->priority,
		.dport = (__be16)skb->ifindex,
		.proto = skb->protocol,
	};
	struct lb_backend *be;
	__u32 *slot, pick;

	slot = map_lookup_elem(&lb_flows, &flow);
	if (slot) {
		pick = *slot;
	} else {
		pick = get_prandom_u32() % LB_MAX_BACKENDS;
		map_update_elem(&lb_flows, &flow, &pick, BPF_ANY);
	}

	be = map_lookup_elem(&lb_backends, &pick);
	if (!be || !be->ifindex)
		return TC_ACT_OK;
	skb->mark = be->ifindex;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
