/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An old prog array kept in `#if 0`, with the same id as the live one, and
 * an old tail program there too: code in `#if 0` is never built, so the
 * live prog array is the first with id 1 and gets both live programs.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#if 0
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 4);
	__array(values, int (void *));
} jmp_old __section(".maps");

__section_tail(1, 0)
int tail_old(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}
#endif

int tail0(struct __sk_buff *skb);
int tail5(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 8);
	__array(values, int (void *));
} jmp __section(".maps") = {
	.values = {
		[0] = (void *)&tail0,
		[5] = (void *)&tail5,
	},
};

__section_cls_entry
int tail0(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_cls_entry
int tail5(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp, skb->mark ? 5 : 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
