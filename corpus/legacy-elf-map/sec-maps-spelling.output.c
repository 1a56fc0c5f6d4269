/* SPDX-License-Identifier: GPL-2.0 */
/* Mark packets by ingress ifindex; maps use libbpf's SEC() spelling. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf_api.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 256);
} ifindex_mark SEC(".maps");

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
