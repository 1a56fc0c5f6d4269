/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classic two-level tail-call chain: the entry classifier jumps to one of
 * two cases through jmp_tc, and both cases finish through jmp_ex.
 */
#include "bpf_api.h"

#define FOO		42
#define BAR		43

#define ENTRY_0		0
#define ENTRY_1		1
#define MAX_JMP_SIZE	2

/* Cases, indexed by skb->hash & 1. */
struct bpf_elf_map __section_maps jmp_tc = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= FOO,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= MAX_JMP_SIZE,
};

/* The common exit, one slot. */
struct bpf_elf_map __section_maps jmp_ex = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= BAR,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 1,
};

__section_tail(FOO, ENTRY_0)
int cls_case1(struct __sk_buff *skb)
{
	printt("case1\n");
	tail_call(skb, &jmp_ex, 0);
	return TC_ACT_OK;
}

__section_tail(FOO, ENTRY_1)
int cls_case2(struct __sk_buff *skb)
{
	printt("case2\n");
	tail_call(skb, &jmp_ex, 0);
	return TC_ACT_OK;
}

__section_tail(BAR, 0)
int cls_exit(struct __sk_buff *skb)
{
	printt("exit\n");
	return TC_ACT_SHOT;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_tc, skb->hash & 1);
	printt("fallthrough\n");
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
