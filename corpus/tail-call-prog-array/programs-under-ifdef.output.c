/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tail-call programs built only with some features (Cilium's DROP_NOTIFY,
 * ENABLE_IPV4/ENABLE_IPV6). Each slot and its forward declaration stay
 * under the same conditionals as the program, so every build refers only
 * to the programs it has: here ENABLE_IPV4 is on and ENABLE_IPV6 is off.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define ENABLE_IPV4
#define CALLS_ID		2
#define CALL_DROP_NOTIFY	1
#define CALL_IPV4		7
#define CALL_IPV6		8

#ifndef DROP_NOTIFY
int tail_drop(struct __sk_buff *skb);
#endif
#ifdef DROP_NOTIFY
int tail_drop_notify(struct __sk_buff *skb);
#endif
#ifdef ENABLE_IPV4
int tail_ipv4(struct __sk_buff *skb);
#endif
#if defined(ENABLE_IPV6)
int tail_ipv6(struct __sk_buff *skb);
#endif

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 16);
	__array(values, int (void *));
} cilium_calls __section(".maps") = {
	.values = {
#ifndef DROP_NOTIFY
		[CALL_DROP_NOTIFY] = (void *)&tail_drop,
#endif
#ifdef DROP_NOTIFY
		[CALL_DROP_NOTIFY] = (void *)&tail_drop_notify,
#endif
#ifdef ENABLE_IPV4
		[CALL_IPV4] = (void *)&tail_ipv4,
#endif
#if defined(ENABLE_IPV6)
		[CALL_IPV6] = (void *)&tail_ipv6,
#endif
	},
};

#ifndef DROP_NOTIFY
__section_cls_entry
int tail_drop(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}
#else
__section_cls_entry
int tail_drop_notify(struct __sk_buff *skb)
{
	skb->mark = 0xdead;
	return TC_ACT_SHOT;
}
#endif

#ifdef ENABLE_IPV4
__section_cls_entry
int tail_ipv4(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}
#endif /* ENABLE_IPV4 */

#if defined(ENABLE_IPV6)
__section_cls_entry
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
