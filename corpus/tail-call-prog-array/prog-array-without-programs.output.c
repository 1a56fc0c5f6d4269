/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy hook: this object only jumps into the pinned policy_jmp array;
 * the policy programs themselves are loaded from policy_progs.o, which
 * shares the array through PIN_GLOBAL_NS.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define POLICY_JMP_ID	9
#define POLICY_SLOTS	64

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, POLICY_SLOTS);
	__array(values, int (void *));
} policy_jmp __section(".maps");

__section_cls_entry
int policy_hook(struct __sk_buff *skb)
{
	/* skb->mark selects the policy; an empty slot means allow */
	tail_call(skb, &policy_jmp, skb->mark % POLICY_SLOTS);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
