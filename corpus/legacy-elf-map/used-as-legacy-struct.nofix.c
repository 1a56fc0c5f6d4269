/* bpf-migrate-expect: legacy-elf-map/legacyUse error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program reads the map's own definition (its max_elem) and an extern
 * declaration names its legacy type: neither compiles once the map is a
 * BTF-defined one (legacyUse).
 */
#include "bpf_api.h"

extern struct bpf_elf_map slots;

struct bpf_elf_map __section_maps slots = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 8,
};

__section_cls_entry
int cls_slot(struct __sk_buff *skb)
{
	__u32 k = skb->mark;

	if (k >= slots.max_elem)
		return TC_ACT_SHOT;
	return map_lookup_elem(&slots, &k) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
