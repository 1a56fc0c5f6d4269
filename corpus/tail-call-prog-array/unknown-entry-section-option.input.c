/* bpf-migrate-options: --tail-call-section classifier */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry programs live in sections named after their hook ("ingress",
 * "egress"); the loader sets the program type itself. libbpf knows neither
 * name, so the tail-called programs get "classifier" instead.
 */
#include "bpf_api.h"

#define HOOK_JMP_ID	11

struct bpf_elf_map __section("maps") hook_jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= HOOK_JMP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
};

__section_tail(HOOK_JMP_ID, 0)
int hook_count(struct __sk_buff *skb)
{
	printt("ifindex %u\n", skb->ifindex);
	return TC_ACT_OK;
}

__section_tail(HOOK_JMP_ID, 1)
int hook_mirror(struct __sk_buff *skb)
{
	skb->mark |= 0x100;
	return TC_ACT_OK;
}

__section("ingress")
int hook_ingress(struct __sk_buff *skb)
{
	tail_call(skb, &hook_jmp, 0);
	return TC_ACT_OK;
}

__section("egress")
int hook_egress(struct __sk_buff *skb)
{
	tail_call(skb, &hook_jmp, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
