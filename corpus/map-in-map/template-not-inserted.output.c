/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port sets per L4 protocol. port_set_tmpl only gives the inner maps their
 * shape: .inner_idx = -1 keeps it out of the outer map; the TCP and UDP
 * sets go to slots 0 and 1.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define PORT_SET_ID	8

struct port_set_tmpl_def {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u8);
	__uint(max_entries, 64);
} port_set_tmpl __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u8);
	__uint(max_entries, 64);
} port_set_tcp __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u8);
	__uint(max_entries, 64);
} port_set_udp __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 2);
	__array(values, struct port_set_tmpl_def);
} port_sets __section(".maps") = {
	.values = {
		[0] = (void *)&port_set_tcp,
		[1] = (void *)&port_set_udp,
	},
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
