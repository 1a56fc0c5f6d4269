/* SPDX-License-Identifier: GPL-2.0 */
/* `static const`: static goes, const stays. */
#include "bpf_api.h"

struct port_range {
	__u16	lo;
	__u16	hi;
};

static const struct bpf_elf_map __section_maps port_ranges = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct port_range),
	.max_elem	= 8,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_port_range(struct __sk_buff *skb)
{
	__u32 idx = skb->mark & 7;
	__u16 port = (__u16)skb->ifindex;
	struct port_range *r;

	r = map_lookup_elem((void *)&port_ranges, &idx);
	if (!r)
		return TC_ACT_OK;
	return (port >= r->lo && port <= r->hi) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
