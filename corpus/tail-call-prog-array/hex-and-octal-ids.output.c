/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sections written in hex and octal: tc reads "ID/KEY" with %i, so
 * "0x2a/0" goes to the prog array with .id = 42 and "0x2a/010" to slot 8.
 */
#include "bpf_api_btf.h"

int vlan_untagged(struct __sk_buff *skb);
int vlan_mgmt(struct __sk_buff *skb);
int vlan_guest(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 16);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__array(values, int (void *));
} jmp_vlan __section(".maps") = {
	.values = {
		[0] = (void *)&vlan_untagged,
		[0x3] = (void *)&vlan_mgmt,
		[010] = (void *)&vlan_guest,
	},
};

__section_cls_entry
int vlan_untagged(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int vlan_mgmt(struct __sk_buff *skb)
{
	skb->priority = 7;
	return TC_ACT_OK;
}

__section_cls_entry
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
