/* SPDX-License-Identifier: GPL-2.0 */
/* The last #include has a trailing comment on the same line: the new one goes below. */
#include <linux/if_ether.h>
#include "bpf_api.h"	/* iproute2 helpers, old copy */
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4096);
} vlan_bytes __section(".maps");

__section_cls_entry
int cls_vlan_bytes(struct __sk_buff *skb)
{
	__u32 vid = skb->vlan_tci & 0x0fff;
	__u64 *bytes;

	bytes = map_lookup_elem(&vlan_bytes, &vid);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
