/* bpf-migrate-expect: legacy-elf-map/macroMapUnexpandable error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The map ids come from __COUNTER__, and a debug build reads __COUNTER__ before them: its
 * value at the macro depends on the build, so the ids cannot be written out.
 */
#include "bpf_api.h"

#define MAP_OF_COUNTERS(outer, inner, slots)				\
	struct bpf_elf_map __section_maps inner = {			\
		.type		= BPF_MAP_TYPE_ARRAY,			\
		.size_key	= sizeof(__u32),			\
		.size_value	= sizeof(__u64),			\
		.max_elem	= 1,					\
		.id		= __COUNTER__ + 1,			\
	};								\
	struct bpf_elf_map __section_maps outer = {			\
		.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,		\
		.size_key	= sizeof(__u32),			\
		.size_value	= sizeof(__u32),			\
		.max_elem	= slots,				\
		.inner_id	= __COUNTER__,				\
	}

#ifdef DEBUG_IDS
static const int debug_first_id = __COUNTER__;
#endif

MAP_OF_COUNTERS(rx_tables, rx_template, 4);

__section_cls_entry
int cls_count(struct __sk_buff *skb)
{
	__u32 zero = 0;
	void *inner = map_lookup_elem(&rx_tables, &zero);
	__u64 *n;

	if (!inner)
		return TC_ACT_OK;
	n = map_lookup_elem(inner, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
