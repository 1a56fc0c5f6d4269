/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU drop counters, indexed by drop reason. */
#include "bpf_api.h"

/* This project spells the maps section its own way. */
#define __map_decl	__section_maps

enum drop_reason {
	DROP_NONE,
	DROP_TOO_SHORT,
	DROP_BAD_PROTO,
	__DROP_MAX,
};

struct bpf_elf_map __map_decl drop_counters = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= __DROP_MAX,
	.pinning	= PIN_GLOBAL_NS,
};

static __inline int drop(__u32 reason)
{
	__u64 *cnt = map_lookup_elem(&drop_counters, &reason);

	if (cnt)
		*cnt += 1;
	return TC_ACT_SHOT;
}

__section_cls_entry
int cls_sanity(struct __sk_buff *skb)
{
	if (skb->len < 14)
		return drop(DROP_TOO_SHORT);
	if (skb->protocol == 0)
		return drop(DROP_BAD_PROTO);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
