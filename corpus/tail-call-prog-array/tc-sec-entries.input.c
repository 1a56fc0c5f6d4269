/* SPDX-License-Identifier: GPL-2.0 */
/* Ingress and egress hooks share one set of tail-called helpers. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_api.h"

#define STAGE_ID	7
#define STAGE_LOG	0
#define STAGE_DROP	1

struct bpf_elf_map SEC("maps") stages = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
	.flags		= 0,
	.id		= STAGE_ID,
	.pinning	= PIN_NONE,
};

__section_tail(STAGE_ID, STAGE_LOG)
int stage_log(struct __sk_buff *skb)
{
	bpf_printk("len %u mark %u", skb->len, skb->mark);
	return TC_ACT_OK;
}

__section_tail(STAGE_ID, STAGE_DROP)
int stage_drop(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

SEC("tc")
int tc_ingress(struct __sk_buff *skb)
{
	if (skb->mark == 0xdead)
		bpf_tail_call(skb, &stages, STAGE_DROP);
	bpf_tail_call(skb, &stages, STAGE_LOG);
	return TC_ACT_OK;
}

SEC("tc")
int tc_egress(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &stages, STAGE_LOG);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
