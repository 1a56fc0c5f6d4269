/* SPDX-License-Identifier: GPL-2.0 */
/* Older style: the prog array is initialized positionally, id included. */
#include "bpf_api.h"

#define JMP_ID		77

struct bpf_elf_map __section_maps jmp_pos = {
	BPF_MAP_TYPE_PROG_ARRAY,
	sizeof(__u32),
	sizeof(__u32),
	2,
	0,
	JMP_ID,
};

__section_tail(JMP_ID, 0)
int pos_first(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_tail(JMP_ID, 1)
int pos_second(struct __sk_buff *skb)
{
	return TC_ACT_UNSPEC;
}

__section_cls_entry
int pos_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_pos, skb->len > 100);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
