/* SPDX-License-Identifier: GPL-2.0 */
/*
 * XDP port forwarding loaded with `ip link set dev X xdp obj ...`: a devmap
 * (sizes only, no __type for this map type) and a plain array of ports.
 */
#include "bpf_api.h"

#define MAX_PORTS	64

struct bpf_elf_map __section_maps tx_ports = {
	.type		= BPF_MAP_TYPE_DEVMAP,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= MAX_PORTS,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __section_maps rx_to_tx = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= MAX_PORTS,
	.pinning	= PIN_GLOBAL_NS,
};

__section("xdp")
int xdp_forward(struct xdp_md *ctx)
{
	__u32 rx = ctx->ingress_ifindex % MAX_PORTS;
	__u32 *tx;

	tx = map_lookup_elem(&rx_to_tx, &rx);
	if (!tx)
		return XDP_PASS;
	return redirect_map(&tx_ports, *tx, 0);
}

BPF_LICENSE("GPL");
