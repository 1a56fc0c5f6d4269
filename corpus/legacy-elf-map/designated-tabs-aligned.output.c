/* SPDX-License-Identifier: GPL-2.0 */
/* Count packets and bytes per ethertype on a tc ingress hook. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct proto_stats {
	__u64	packets;
	__u64	bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u16);
	__type(value, struct proto_stats);
	__uint(max_entries, 64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} proto_acct __section(".maps");

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
