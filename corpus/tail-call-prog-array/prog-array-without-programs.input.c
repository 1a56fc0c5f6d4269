/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy hook: this object only jumps into the pinned policy_jmp array;
 * the policy programs themselves are loaded from policy_progs.o, which
 * shares the array through PIN_GLOBAL_NS.
 */
#include "bpf_api.h"

#define POLICY_JMP_ID	9
#define POLICY_SLOTS	64

struct bpf_elf_map __section_maps policy_jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= POLICY_JMP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= POLICY_SLOTS,
};

__section_cls_entry
int policy_hook(struct __sk_buff *skb)
{
	/* skb->mark selects the policy; an empty slot means allow */
	tail_call(skb, &policy_jmp, skb->mark % POLICY_SLOTS);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
