/* SPDX-License-Identifier: GPL-2.0 */
/* A const map declaration keeps its qualifier. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

const struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u32);
	__uint(max_entries, 4096);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} vlan_policy __section(".maps");

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
