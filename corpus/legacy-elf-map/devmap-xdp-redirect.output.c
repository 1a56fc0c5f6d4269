/* SPDX-License-Identifier: GPL-2.0 */
/*
 * XDP port forwarding loaded with `ip link set dev X xdp obj ...`: a devmap
 * (sizes only, no __type for this map type) and a plain array of ports.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define MAX_PORTS	64

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, MAX_PORTS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tx_ports __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, MAX_PORTS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rx_to_tx __section(".maps");

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
