/* SPDX-License-Identifier: GPL-2.0 */
/* The section attribute follows the map name instead of preceding it. */
#include "bpf_api.h"

struct bpf_elf_map egress_mark __section("maps") = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.pinning	= PIN_GLOBAL_NS,
};

__section_act_entry
int act_mark(struct __sk_buff *skb)
{
	__u32 zero = 0, *mark;

	mark = map_lookup_elem(&egress_mark, &zero);
	if (mark && *mark)
		skb->mark = *mark;
	return TC_ACT_PIPE;
}

BPF_LICENSE("GPL");
