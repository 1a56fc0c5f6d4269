/* SPDX-License-Identifier: GPL-2.0 */
/* The last field has no trailing comma. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 128);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} prio_map __section(".maps");

__section_cls_entry
int cls_prio(struct __sk_buff *skb)
{
	__u32 mark = skb->mark, *prio;

	prio = map_lookup_elem(&prio_map, &mark);
	if (prio)
		skb->priority = *prio;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
