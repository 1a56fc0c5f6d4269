/* SPDX-License-Identifier: GPL-2.0 */
/* A static bpf_map_def loses static too. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

static struct bpf_map_def SEC("maps") xdp_stats = {
	.type = BPF_MAP_TYPE_PERCPU_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = XDP_REDIRECT + 1,
};

SEC("xdp")
int xdp_stats_prog(struct xdp_md *ctx)
{
	__u32 action = XDP_PASS;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(&xdp_stats, &action);
	if (cnt)
		*cnt += 1;
	return action;
}

char _license[] SEC("license") = "GPL";
