/* SPDX-License-Identifier: GPL-2.0 */
/* Count packets and bytes per ethertype on a tc ingress hook. */
#include "bpf_api.h"

struct proto_stats {
	__u64	packets;
	__u64	bytes;
};

struct bpf_elf_map __section("maps") proto_acct = {
	.type		= BPF_MAP_TYPE_PERCPU_HASH,
	.size_key	= sizeof(__u16),
	.size_value	= sizeof(struct proto_stats),
	.max_elem	= 64,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_proto_acct(struct __sk_buff *skb)
{
	__u16 proto = skb->protocol;
	struct proto_stats *st, init = {};

	st = map_lookup_elem(&proto_acct, &proto);
	if (likely(st)) {
		st->packets++;
		st->bytes += skb->len;
		return TC_ACT_OK;
	}

	init.packets = 1;
	init.bytes = skb->len;
	map_update_elem(&proto_acct, &proto, &init, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
