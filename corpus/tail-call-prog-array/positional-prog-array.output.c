/* SPDX-License-Identifier: GPL-2.0 */
/* Older style: the prog array is initialized positionally, id included. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define JMP_ID		77

int pos_first(struct __sk_buff *skb);
int pos_second(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 2);
	__array(values, int (void *));
} jmp_pos __section(".maps") = {
	.values = {
		[0] = (void *)&pos_first,
		[1] = (void *)&pos_second,
	},
};

__section_cls_entry
int pos_first(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int pos_second(struct __sk_buff *skb)
{
	return TC_ACT_UNSPEC;
}

__section_cls_entry
int pos_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_pos, skb->len > 100);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
