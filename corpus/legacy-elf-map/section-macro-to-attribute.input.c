/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The project's section macro expands to a raw attribute. The migrated map
 * cannot keep the macro (it means "maps"): it takes the attribute spelled
 * out with ".maps".
 */
#include "bpf_api.h"

#define __maps_section	__attribute__((section("maps"), used))

struct bpf_elf_map __maps_section drop_cnt = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
};

__section_cls_entry
int cls_drop(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *v = map_lookup_elem(&drop_cnt, &zero);

	if (v)
		*v += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
