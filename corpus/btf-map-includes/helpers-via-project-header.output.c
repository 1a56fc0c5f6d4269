/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp_common.h includes <bpf/bpf_helpers.h> one level down: the file's
 * headers already provide everything, so nothing is added.
 */
#include "xdp_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, XDP_MAX_IFINDEX);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} if_redirects SEC(".maps");

SEC("xdp")
int xdp_count_if(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->ingress_ifindex % XDP_MAX_IFINDEX;
	__u64 *cnt;

	cnt = bpf_map_lookup_elem(&if_redirects, &ifindex);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
