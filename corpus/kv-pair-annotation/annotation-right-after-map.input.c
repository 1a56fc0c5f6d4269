/* SPDX-License-Identifier: GPL-2.0 */
/* The annotation sits on the line right after the map's closing brace. */
#include "bpf_api.h"

struct prio_class {
	__u32	classid;
	__u32	prio;
};

struct bpf_elf_map __section_maps class_map = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct prio_class),
	.max_elem	= 256,
	.pinning	= PIN_GLOBAL_NS,
};
BPF_ANNOTATE_KV_PAIR(class_map, __u32, struct prio_class);

__section_cls_entry
int cls_classify(struct __sk_buff *skb)
{
	__u32 mark = skb->mark;
	struct prio_class *pc;

	pc = map_lookup_elem(&class_map, &mark);
	if (!pc)
		return TC_ACT_OK;
	skb->tc_classid = pc->classid;
	skb->priority = pc->prio;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
