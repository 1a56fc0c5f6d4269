/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classic two-level tail-call chain: the entry classifier jumps to one of
 * two cases through jmp_tc, and both cases finish through jmp_ex.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define FOO		42
#define BAR		43

#define ENTRY_0		0
#define ENTRY_1		1
#define MAX_JMP_SIZE	2

int cls_case1(struct __sk_buff *skb);
int cls_case2(struct __sk_buff *skb);

/* Cases, indexed by skb->hash & 1. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, MAX_JMP_SIZE);
	__array(values, int (void *));
} jmp_tc __section(".maps") = {
	.values = {
		[ENTRY_0] = (void *)&cls_case1,
		[ENTRY_1] = (void *)&cls_case2,
	},
};

int cls_exit(struct __sk_buff *skb);

/* The common exit, one slot. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 1);
	__array(values, int (void *));
} jmp_ex __section(".maps") = {
	.values = {
		[0] = (void *)&cls_exit,
	},
};

__section_cls_entry
int cls_case1(struct __sk_buff *skb)
{
	printt("case1\n");
	tail_call(skb, &jmp_ex, 0);
	return TC_ACT_OK;
}

__section_cls_entry
int cls_case2(struct __sk_buff *skb)
{
	printt("case2\n");
	tail_call(skb, &jmp_ex, 0);
	return TC_ACT_OK;
}

__section_cls_entry
int cls_exit(struct __sk_buff *skb)
{
	printt("exit\n");
	return TC_ACT_SHOT;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_tc, skb->hash & 1);
	printt("fallthrough\n");
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
