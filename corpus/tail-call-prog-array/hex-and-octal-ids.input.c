/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sections written in hex and octal: tc reads "ID/KEY" with %i, so
 * "0x2a/0" goes to the prog array with .id = 42 and "0x2a/010" to slot 8.
 */
#include "bpf_api_btf.h"

struct bpf_elf_map __section_maps jmp_vlan = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 16,
	.id		= 42,
	.pinning	= PIN_GLOBAL_NS,
};

__section_tail(0x2a, 0)
int vlan_untagged(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_tail(0x2a, 0x3)
int vlan_mgmt(struct __sk_buff *skb)
{
	skb->priority = 7;
	return TC_ACT_OK;
}

__section_tail(0x2a, 010)
int vlan_guest(struct __sk_buff *skb)
{
	skb->mark = 0x8;
	return TC_ACT_OK;
}

__section_cls_entry
int vlan_dispatch(struct __sk_buff *skb)
{
	if (!skb->vlan_present)
		tail_call(skb, &jmp_vlan, 0);
	else
		tail_call(skb, &jmp_vlan, skb->vlan_tci & 0xf);
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
