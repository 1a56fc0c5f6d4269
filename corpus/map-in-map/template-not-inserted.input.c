/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port sets per L4 protocol. port_set_tmpl only gives the inner maps their
 * shape: .inner_idx = -1 keeps it out of the outer map; the TCP and UDP
 * sets go to slots 0 and 1.
 */
#include "bpf_api.h"

#define PORT_SET_ID	8

struct bpf_elf_map __section_maps port_set_tmpl = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u16),
	.size_value	= sizeof(__u8),
	.max_elem	= 64,
	.id		= PORT_SET_ID,
	.inner_idx	= -1,
};

struct bpf_elf_map __section_maps port_set_tcp = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u16),
	.size_value	= sizeof(__u8),
	.max_elem	= 64,
	.id		= PORT_SET_ID,
	.inner_idx	= 0,
};

struct bpf_elf_map __section_maps port_set_udp = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u16),
	.size_value	= sizeof(__u8),
	.max_elem	= 64,
	.id		= PORT_SET_ID,
	.inner_idx	= 1,
};

struct bpf_elf_map __section_maps port_sets = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.inner_id	= PORT_SET_ID,
};

__section_cls_entry
int port_filter(struct __sk_buff *skb)
{
	__u8 proto = 0;
	__u16 port = 0;
	__u32 set;
	void *ports;

	/* IPv4 without options: protocol at 14 + 9, dport at 14 + 20 + 2 */
	if (skb_load_bytes(skb, 14 + 9, &proto, sizeof(proto)) < 0 ||
	    skb_load_bytes(skb, 14 + 20 + 2, &port, sizeof(port)) < 0)
		return TC_ACT_OK;
	set = proto == 17;

	ports = map_lookup_elem(&port_sets, &set);
	if (ports && map_lookup_elem(ports, &port))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
