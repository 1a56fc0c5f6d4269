/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events go to a ring buffer (no key, no value, byte-sized max_entries),
 * with a perf event array as fallback for old kernels. Neither gets __type.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

struct pkt_event {
	__u32	ifindex;
	__u32	len;
	__u64	ts;
};

struct bpf_map_def SEC("maps") events_rb = {
	.type = BPF_MAP_TYPE_RINGBUF,
	.max_entries = 256 * 1024,
};

struct bpf_map_def SEC("maps") events_perf = {
	.type = BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	.key_size = sizeof(int),
	.value_size = sizeof(__u32),
	.max_entries = 128,
};

SEC("xdp")
int xdp_events(struct xdp_md *ctx)
{
	struct pkt_event *ev;
	struct pkt_event local = {
		.ifindex = ctx->ingress_ifindex,
		.len = ctx->data_end - ctx->data,
	};

	local.ts = bpf_ktime_get_ns();
	ev = bpf_ringbuf_reserve(&events_rb, sizeof(*ev), 0);
	if (!ev) {
		bpf_perf_event_output(ctx, &events_perf, BPF_F_CURRENT_CPU, &local, sizeof(local));
		return XDP_PASS;
	}
	*ev = local;
	bpf_ringbuf_submit(ev, 0);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
