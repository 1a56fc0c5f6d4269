/* SPDX-License-Identifier: GPL-2.0 */
/* A map pinned to a NUMA node: numa_node becomes its own member. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

#define NIC_NUMA_NODE	0

struct bpf_map_def SEC("maps") rx_queue_pkts = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.key_size	= sizeof(__u32),
	.value_size	= sizeof(__u64),
	.max_entries	= 64,
	.map_flags	= BPF_F_NUMA_NODE,
	.numa_node	= NIC_NUMA_NODE,
};

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
