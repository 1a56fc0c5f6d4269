/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-uid traffic accounting in the style of old Android trees: the map
 * struct is the six-field copy from android_bpf_elf.h (no .flags), so the
 * fifth position is .id and the sixth is .pinning.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include "android_bpf_elf.h"
#include <bpf/bpf_helpers.h>

struct uid_stats {
	__u64	rx_packets;
	__u64	rx_bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct uid_stats);
	__uint(max_entries, 1024);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} uid_stats_map SEC(".maps");

SEC("classifier")
int cls_uid_stats(struct __sk_buff *skb)
{
	__u32 uid = bpf_get_socket_uid(skb);
	struct uid_stats *st, init = { .rx_packets = 1 };

	st = bpf_map_lookup_elem(&uid_stats_map, &uid);
	if (!st) {
		init.rx_bytes = skb->len;
		bpf_map_update_elem(&uid_stats_map, &uid, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	__sync_fetch_and_add(&st->rx_packets, 1);
	__sync_fetch_and_add(&st->rx_bytes, skb->len);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
