/* bpf-migrate-expect: legacy-elf-map/conditionalCutsField error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The #ifdef cuts through the .size_value field (its value is chosen inside
 * the conditional), so the map cannot be rewritten field by field.
 */
#include "bpf_api.h"

struct lb6_entry {
	__u32	addr[4];
	__u32	ifindex;
};

struct lb4_entry {
	__u32	addr;
	__u32	ifindex;
};

struct bpf_elf_map __section_maps lb_entries = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	=
#ifdef ENABLE_IPV6
			  sizeof(struct lb6_entry),
#else
			  sizeof(struct lb4_entry),
#endif
	.max_elem	= 256,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_lb_entries(struct __sk_buff *skb)
{
	__u32 slot = skb->hash & 0xff;
	__u32 *ifindex;

	ifindex = map_lookup_elem(&lb_entries, &slot);
	if (ifindex)
		skb->mark = *ifindex;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
