/* SPDX-License-Identifier: GPL-2.0 */
/*
 * No __section_tail macro here: the tail-call sections are spelled out as
 * "ID/KEY" strings, which tc's loader reads the same way.
 */
#include "bpf_api.h"

struct bpf_elf_map __section("maps") jmp_ttl = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
};

__section("1/0")
int ttl_expired(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section("1/1")
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
