/* SPDX-License-Identifier: GPL-2.0 */
/* iproute2 example style: the annotation repeats the sizeof() types. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

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

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
	__uint(max_entries, 4096);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} flow_table __section(".maps");

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
