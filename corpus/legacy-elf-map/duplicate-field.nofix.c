/* bpf-migrate-expect: legacy-elf-map/duplicateField error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * .max_elem is set twice (a merge left both lines). C takes the last one
 * (clang warns with -Winitializer-overrides), which is rarely what was
 * meant: the map is left for a person to decide.
 */
#include "bpf_api.h"

#define RATE_SLOTS	256

struct bpf_elf_map __section_maps rate_limits = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= RATE_SLOTS,
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 1024,
};

__section_cls_entry
int cls_rate_limit(struct __sk_buff *skb)
{
	__u32 slot = skb->hash % RATE_SLOTS;
	__u64 *budget;

	budget = map_lookup_elem(&rate_limits, &slot);
	if (budget && *budget < skb->len)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
