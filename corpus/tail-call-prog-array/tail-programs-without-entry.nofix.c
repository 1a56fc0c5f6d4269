/* bpf-migrate-expect: tail-call-prog-array/noEntryProgram error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An object that carries only tail-call programs and their prog array; the
 * entry program that jumps into it is attached from elsewhere. With no entry
 * program in the file, there is no section to give the tail-call programs
 * ("5/0" is not one libbpf knows): pass --tail-call-section.
 */
#include "bpf_api.h"

#define JMP_MAP_ID	5

struct bpf_elf_map __section_maps jmp_actions = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_MAP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 2,
};

__section_tail(JMP_MAP_ID, 0)
int act_mark(struct __sk_buff *skb)
{
	skb->mark = 0x1;
	return TC_ACT_OK;
}

__section_tail(JMP_MAP_ID, 1)
int act_drop(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
