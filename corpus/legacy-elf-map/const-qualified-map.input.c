/* SPDX-License-Identifier: GPL-2.0 */
/* A const map declaration keeps its qualifier. */
#include "bpf_api.h"

const struct bpf_elf_map __section_maps vlan_policy = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u16),
	.size_value	= sizeof(__u32),
	.max_elem	= 4096,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_vlan(struct __sk_buff *skb)
{
	__u16 vid = skb->vlan_tci & 0x0fff;
	__u32 *verdict;

	if (!skb->vlan_present)
		return TC_ACT_OK;

	verdict = map_lookup_elem((void *)&vlan_policy, &vid);
	return verdict ? (int)*verdict : TC_ACT_OK;
}

BPF_LICENSE("GPL");
