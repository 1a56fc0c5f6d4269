/* SPDX-License-Identifier: GPL-2.0 */
/* A cyclic tail call, with the prog array declared through iproute2's macro. */
#include "../include/bpf_api.h"
#include <bpf/bpf_helpers.h>

#define JMP_MAP_ID	0xabccba

int cls_loop(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 1);
	__array(values, int (void *));
} jmp_tc __section(".maps") = {
	.values = {
		[0] = (void *)&cls_loop,
	},
};

__section_cls_entry
int cls_loop(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_tc, 0);
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_tc, 0);
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
