/* SPDX-License-Identifier: GPL-2.0 */
/* The annotation sits on the line right after the map's closing brace. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct prio_class {
	__u32	classid;
	__u32	prio;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct prio_class);
	__uint(max_entries, 256);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} class_map __section(".maps");

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
