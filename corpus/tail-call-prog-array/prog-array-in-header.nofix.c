/* bpf-migrate-expect: tail-call-prog-array/progArrayInHeader error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The prog array is declared in a shared header and this object's
 * tail-call program fills its slot 7 (progArrayInHeader): the slot cannot
 * be written into the header, which other objects fill differently.
 */
#include "shared_calls_map.h"

__section_tail(SHARED_CALLS_ID, 7)
int tail_ipv4(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int from_netdev(struct __sk_buff *skb)
{
	tail_call(skb, &shared_calls, 7);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
