/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs declared static, which tc's legacy loader took and libbpf 1.x
 * refuses: the entry and the tail-called program lose `static`; the inline
 * helper keeps it.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps jmp_tc = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
};

static __inline int is_big(const struct __sk_buff *skb)
{
	return skb->len > 1000;
}

__section_tail(1, 0) static int cls_big(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_cls_entry
static int cls_entry(struct __sk_buff *skb)
{
	if (is_big(skb))
		tail_call(skb, &jmp_tc, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
