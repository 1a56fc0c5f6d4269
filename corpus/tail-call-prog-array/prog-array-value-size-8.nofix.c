/* bpf-migrate-expect: tail-call-prog-array/valueSize error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A prog array declared with an 8-byte value. The kernel requires 4 (a
 * program fd), so this never loaded with tc either, and __array(values,
 * ...) fixes the value size at 4: bpf-migrate does not change the size
 * silently.
 */
#include "bpf_api.h"

#define JMP_MAP_ID	2
#define JMP_MAX		2

struct bpf_elf_map __section_maps jmp_stage = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_MAP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= 8,
	.max_elem	= JMP_MAX,
};

__section_tail(JMP_MAP_ID, 0)
int cls_stage1(struct __sk_buff *skb)
{
	skb->mark = 1;
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_stage, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
