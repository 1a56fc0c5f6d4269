/* SPDX-License-Identifier: GPL-2.0 */
/* <bpf/bpf_helpers.h> is already there: nothing is added. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include "bpf_api.h"

struct bpf_elf_map __section_maps if_bytes = {
	.type		= BPF_MAP_TYPE_PERCPU_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 256,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_if_bytes(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u64 len = skb->len, *bytes;

	bytes = bpf_map_lookup_elem(&if_bytes, &ifindex);
	if (bytes)
		*bytes += len;
	else
		bpf_map_update_elem(&if_bytes, &ifindex, &len, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
