/* SPDX-License-Identifier: GPL-2.0 */
/* map_flags = 0 goes away; comments between fields stay where they are. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

typedef __u32 u32;

struct vip {
	__be32	addr;
	__u16	port;
	__u8	proto;
	__u8	pad;
};

/* VIP -> backend index, filled by the control plane. */
struct bpf_map_def SEC("maps") vip_map = {
	.type		= BPF_MAP_TYPE_HASH,
	.key_size	= sizeof(struct vip),	/* network byte order */
	.value_size	= sizeof(u32),
	/* at most one entry per configured VIP */
	.max_entries	= 512,
	.map_flags	= 0,
};

SEC("tc")
int tc_vip(struct __sk_buff *skb)
{
	struct vip key = {
		.addr = skb->mark,
		.port = (__u16)skb->ifindex,
		.proto = 6,
	};
	u32 *idx;

	idx = bpf_map_lookup_elem(&vip_map, &key);
	if (!idx)
		return TC_ACT_OK;
	skb->mark = *idx;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
