/* bpf-migrate-options: --tail-call-section classifier */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry programs live in sections named after their hook ("ingress",
 * "egress"); the loader sets the program type itself. libbpf knows neither
 * name, so the tail-called programs get "classifier" instead.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define HOOK_JMP_ID	11

int hook_count(struct __sk_buff *skb);
int hook_mirror(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 2);
	__array(values, int (void *));
} hook_jmp __section(".maps") = {
	.values = {
		[0] = (void *)&hook_count,
		[1] = (void *)&hook_mirror,
	},
};

__section("classifier")
int hook_count(struct __sk_buff *skb)
{
	printt("ifindex %u\n", skb->ifindex);
	return TC_ACT_OK;
}

__section("classifier")
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
