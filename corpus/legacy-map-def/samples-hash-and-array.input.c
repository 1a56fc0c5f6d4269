/* SPDX-License-Identifier: GPL-2.0 */
/* samples/bpf style XDP counter: bpf_map_def in SEC("maps"), u32/u64 typedefs. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

typedef __u32 u32;
typedef __u64 u64;

struct bpf_map_def SEC("maps") rxcnt = {
	.type = BPF_MAP_TYPE_PERCPU_ARRAY,
	.key_size = sizeof(u32),
	.value_size = sizeof(u64),
	.max_entries = 256,
};

struct bpf_map_def SEC("maps") proto_seen = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(u32),
	.value_size = sizeof(u64),
	.max_entries = 64,
};

SEC("xdp")
int xdp_count_proto(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	u32 proto, slot;
	u64 *value, now;

	if (data + sizeof(*eth) > data_end)
		return XDP_DROP;

	proto = eth->h_proto;
	slot = proto & 0xff;
	value = bpf_map_lookup_elem(&rxcnt, &slot);
	if (value)
		*value += 1;

	now = bpf_ktime_get_ns();
	bpf_map_update_elem(&proto_seen, &proto, &now, BPF_ANY);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
