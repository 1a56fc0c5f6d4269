/* SPDX-License-Identifier: GPL-2.0 */
/* Mark packets by ingress ifindex; maps use libbpf's SEC() spelling. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf_api.h"

struct bpf_elf_map SEC("maps") ifindex_mark = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 256,
};

SEC("classifier")
int cls_mark(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ingress_ifindex;
	__u32 *mark;

	mark = bpf_map_lookup_elem(&ifindex_mark, &ifindex);
	if (mark)
		skb->mark = *mark;
	return TC_ACT_OK;
}

char __license[] SEC("license") = "GPL";
