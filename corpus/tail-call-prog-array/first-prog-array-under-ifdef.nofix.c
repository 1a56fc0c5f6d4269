/* bpf-migrate-expect: tail-call-prog-array/uncertainSlots error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two prog arrays with id 1, the first only when OLD_JMP is defined: the
 * legacy loader gives the programs to the first one in the object, which is
 * jmp_old in one build and jmp in the other (uncertainSlots).
 */
#include "bpf_api.h"

#ifdef OLD_JMP
struct bpf_elf_map __section_maps jmp_old = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
};
#endif

struct bpf_elf_map __section_maps jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 8,
};

__section_tail(1, 3)
int tail3(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp, 3);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
