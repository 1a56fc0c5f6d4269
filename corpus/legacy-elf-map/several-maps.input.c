/* SPDX-License-Identifier: GPL-2.0 */
/* Three maps in one object: config, per-CPU counters and a flow table. */
#include "bpf_api.h"

struct flow_key {
	__be32	saddr;
	__be32	daddr;
	__u32	ifindex;
};

struct bpf_elf_map __section_maps cfg = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __section_maps counters = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 2,
};

struct bpf_elf_map __section_maps flows = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(struct flow_key),
	.size_value	= sizeof(__u64),
	.max_elem	= 8192,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_flows(struct __sk_buff *skb)
{
	struct flow_key key = {
		.saddr = skb->hash,
		.daddr = skb->mark,
		.ifindex = skb->ifindex,
	};
	__u32 idx = 0, *enabled;
	__u64 now = ktime_get_ns(), *cnt;

	enabled = map_lookup_elem(&cfg, &idx);
	if (!enabled || !*enabled)
		return TC_ACT_OK;

	cnt = map_lookup_elem(&counters, &idx);
	if (cnt)
		*cnt += 1;

	map_update_elem(&flows, &key, &now, BPF_ANY);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
