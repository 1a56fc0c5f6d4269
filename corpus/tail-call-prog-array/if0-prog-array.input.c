/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An old prog array kept in `#if 0`, with the same id as the live one, and
 * an old tail program there too: code in `#if 0` is never built, so the
 * live prog array is the first with id 1 and gets both live programs.
 */
#include "bpf_api.h"

#if 0
struct bpf_elf_map __section_maps jmp_old = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
};

__section_tail(1, 0)
int tail_old(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}
#endif

struct bpf_elf_map __section_maps jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 8,
};

__section_tail(1, 0)
int tail0(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_tail(1, 5)
int tail5(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp, skb->mark ? 5 : 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
