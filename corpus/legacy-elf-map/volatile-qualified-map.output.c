/* SPDX-License-Identifier: GPL-2.0 */
/* A volatile map declaration keeps its qualifier. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

volatile struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4096);
} vlan_hits __section(".maps");

__section_cls_entry
int cls_vlan_hits(struct __sk_buff *skb)
{
	__u32 vid = skb->vlan_tci & 0x0fff;
	__u64 *hits;

	if (!skb->vlan_present)
		return TC_ACT_OK;

	hits = map_lookup_elem((void *)&vlan_hits, &vid);
	if (hits)
		*hits += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
