/* SPDX-License-Identifier: GPL-2.0 */
/*
 * No __section_tail macro here: the tail-call sections are spelled out as
 * "ID/KEY" strings, which tc's loader reads the same way.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

int ttl_expired(struct __sk_buff *skb);
int ttl_low(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 2);
	__array(values, int (void *));
} jmp_ttl __section(".maps") = {
	.values = {
		[0] = (void *)&ttl_expired,
		[1] = (void *)&ttl_low,
	},
};

__section("classifier")
int ttl_expired(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section("classifier")
int ttl_low(struct __sk_buff *skb)
{
	skb->mark = 1;
	return TC_ACT_OK;
}

__section("classifier")
int ttl_check(struct __sk_buff *skb)
{
	__u8 ttl = 0;

	skb_load_bytes(skb, 14 + 8, &ttl, sizeof(ttl));
	if (ttl <= 1)
		tail_call(skb, &jmp_ttl, ttl);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
