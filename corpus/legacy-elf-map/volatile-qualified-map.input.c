/* SPDX-License-Identifier: GPL-2.0 */
/* A volatile map declaration keeps its qualifier. */
#include "bpf_api.h"

volatile struct bpf_elf_map __section_maps vlan_hits = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 4096,
};

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
