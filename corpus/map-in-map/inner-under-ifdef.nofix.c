/* bpf-migrate-expect: map-in-map/conditionalWiring error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The outer map's inner maps are chosen by #ifdef: its template and its
 * slots differ from build to build (conditionalWiring).
 */
#include "bpf_api.h"

#define INNER_ID	3

#ifdef OLD_LAYOUT
struct bpf_elf_map __section_maps inner_old = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.id		= INNER_ID,
};
#endif

struct bpf_elf_map __section_maps inner_new = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.id		= INNER_ID,
	.inner_idx	= 1,
};

struct bpf_elf_map __section_maps outer = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.inner_id	= INNER_ID,
};

__section_cls_entry
int cls_outer(struct __sk_buff *skb)
{
	__u32 zero = 0;

	return map_lookup_elem(&outer, &zero) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
