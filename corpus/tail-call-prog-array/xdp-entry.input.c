/* SPDX-License-Identifier: GPL-2.0 */
/* XDP front end: parse the ethertype, then tail-call the L3 handler. */
#include "xdp_common.h"

#define XDP_JMP_ID	1
#define XDP_JMP_IPV4	0
#define XDP_JMP_IPV6	1

struct bpf_elf_map SEC("maps") xdp_jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.id		= XDP_JMP_ID,
};

__section_tail(XDP_JMP_ID, XDP_JMP_IPV4)
int xdp_ipv4(struct xdp_md *ctx)
{
	return XDP_PASS;
}

__section_tail(XDP_JMP_ID, XDP_JMP_IPV6)
int xdp_ipv6(struct xdp_md *ctx)
{
	/* no IPv6 on this link */
	return XDP_DROP;
}

SEC("xdp")
int xdp_entry(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;

	if (eth->h_proto == __builtin_bswap16(ETH_P_IP))
		bpf_tail_call(ctx, &xdp_jmp, XDP_JMP_IPV4);
	else if (eth->h_proto == __builtin_bswap16(ETH_P_IPV6))
		bpf_tail_call(ctx, &xdp_jmp, XDP_JMP_IPV6);

	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
