/* SPDX-License-Identifier: GPL-2.0 */
/* A map pinned to a NUMA node: numa_node becomes its own member. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

#define NIC_NUMA_NODE	0

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NUMA_NODE);
	__uint(numa_node, NIC_NUMA_NODE);
} rx_queue_pkts SEC(".maps");

SEC("xdp")
int xdp_rx_queue(struct xdp_md *ctx)
{
	__u32 queue = ctx->rx_queue_index;
	__u64 *pkts;

	pkts = bpf_map_lookup_elem(&rx_queue_pkts, &queue);
	if (pkts)
		__sync_fetch_and_add(pkts, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
