/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs declared static, which tc's legacy loader took and libbpf 1.x
 * refuses: the entry and the tail-called program lose `static`; the inline
 * helper keeps it.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

int cls_big(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 1);
	__array(values, int (void *));
} jmp_tc __section(".maps") = {
	.values = {
		[0] = (void *)&cls_big,
	},
};

static __inline int is_big(const struct __sk_buff *skb)
{
	return skb->len > 1000;
}

__section_cls_entry int cls_big(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	if (is_big(skb))
		tail_call(skb, &jmp_tc, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
