/* SPDX-License-Identifier: GPL-2.0 */
/* Pick a backend for each flow; the section macro comes from lb_common.h. */
#include "lb_common.h"

struct bpf_elf_map __lb_map lb_backends = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct lb_backend),
	.max_elem	= LB_MAX_BACKENDS,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __lb_map lb_flows = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(struct lb_flow),
	.size_value	= sizeof(__u32),
	.max_elem	= LB_MAX_FLOWS,
};

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
