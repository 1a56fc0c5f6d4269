/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tail-call programs built only with some features (Cilium's DROP_NOTIFY,
 * ENABLE_IPV4/ENABLE_IPV6). Each slot and its forward declaration stay
 * under the same conditionals as the program, so every build refers only
 * to the programs it has: here ENABLE_IPV4 is on and ENABLE_IPV6 is off.
 */
#include "bpf_api.h"

#define ENABLE_IPV4
#define CALLS_ID		2
#define CALL_DROP_NOTIFY	1
#define CALL_IPV4		7
#define CALL_IPV6		8

struct bpf_elf_map __section_maps cilium_calls = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= CALLS_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 16,
};

#ifndef DROP_NOTIFY
__section_tail(CALLS_ID, CALL_DROP_NOTIFY)
int tail_drop(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}
#else
__section_tail(CALLS_ID, CALL_DROP_NOTIFY)
int tail_drop_notify(struct __sk_buff *skb)
{
	skb->mark = 0xdead;
	return TC_ACT_SHOT;
}
#endif

#ifdef ENABLE_IPV4
__section_tail(CALLS_ID, CALL_IPV4)
int tail_ipv4(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}
#endif /* ENABLE_IPV4 */

#if defined(ENABLE_IPV6)
__section_tail(CALLS_ID, CALL_IPV6)
int tail_ipv6(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}
#endif

__section_cls_entry
int from_container(struct __sk_buff *skb)
{
	tail_call(skb, &cilium_calls, skb->protocol == 8 ? CALL_IPV4 : CALL_IPV6);
	tail_call(skb, &cilium_calls, CALL_DROP_NOTIFY);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
