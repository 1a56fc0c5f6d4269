/* bpf-migrate-expect: tail-call-prog-array/keyOutOfRange error */
/* SPDX-License-Identifier: GPL-2.0 */
/* The array was shrunk to 4 slots, but one handler still sits at slot 4. */
#include "bpf_api.h"

#define JMP_ID		6
#define JMP_SLOTS	4

struct bpf_elf_map __section_maps jmp_qos = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= JMP_SLOTS,
};

__section_tail(JMP_ID, 0)
int qos_best_effort(struct __sk_buff *skb)
{
	skb->priority = 0;
	return TC_ACT_OK;
}

__section_tail(JMP_ID, 4)
int qos_voice(struct __sk_buff *skb)
{
	skb->priority = 6;
	return TC_ACT_OK;
}

__section_cls_entry
int qos_classify(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_qos, skb->tc_classid & 7);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
