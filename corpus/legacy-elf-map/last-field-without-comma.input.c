/* SPDX-License-Identifier: GPL-2.0 */
/* The last field has no trailing comma. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps prio_map = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 128,
	.pinning	= PIN_GLOBAL_NS
};

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
