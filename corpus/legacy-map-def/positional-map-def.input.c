/* SPDX-License-Identifier: GPL-2.0 */
/* Positional bpf_map_def initializers, one value per line. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

struct bpf_map_def SEC("maps") dst_hits = {
	BPF_MAP_TYPE_LRU_HASH,
	sizeof(__u32),
	sizeof(__u64),
	10000,
	0,
};

struct bpf_map_def SEC("maps") dst_total = {
	BPF_MAP_TYPE_PERCPU_ARRAY,
	sizeof(__u32),
	sizeof(__u64),
	1,
};

SEC("xdp")
int xdp_dst_hits(struct xdp_md *ctx)
{
	__u32 rxq = ctx->rx_queue_index, zero = 0;
	__u64 one = 1, *hits, *total;

	hits = bpf_map_lookup_elem(&dst_hits, &rxq);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	else
		bpf_map_update_elem(&dst_hits, &rxq, &one, BPF_NOEXIST);

	total = bpf_map_lookup_elem(&dst_total, &zero);
	if (total)
		*total += 1;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
