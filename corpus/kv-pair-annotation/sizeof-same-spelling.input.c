/* SPDX-License-Identifier: GPL-2.0 */
/* iproute2 example style: the annotation repeats the sizeof() types. */
#include "bpf_api.h"

struct flow_key {
	__be32	saddr;
	__be32	daddr;
	__be16	sport;
	__be16	dport;
	__u32	proto;
};

struct flow_stats {
	__u64	packets;
	__u64	bytes;
};

struct bpf_elf_map __section_maps flow_table = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct flow_key),
	.size_value	= sizeof(struct flow_stats),
	.max_elem	= 4096,
	.pinning	= PIN_GLOBAL_NS,
};

BPF_ANNOTATE_KV_PAIR(flow_table, struct flow_key, struct flow_stats);

__section_cls_entry
int cls_flow(struct __sk_buff *skb)
{
	struct flow_key key = {
		.saddr = skb->hash,
		.daddr = skb->mark,
		.sport = (__be16)skb->priority,
		.dport = (__be16)skb->ifindex,
		.proto = skb->protocol,
	};
	struct flow_stats *st, init = { .packets = 1 };

	st = map_lookup_elem(&flow_table, &key);
	if (!st) {
		init.bytes = skb->len;
		map_update_elem(&flow_table, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	__sync_fetch_and_add(&st->packets, 1);
	__sync_fetch_and_add(&st->bytes, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
