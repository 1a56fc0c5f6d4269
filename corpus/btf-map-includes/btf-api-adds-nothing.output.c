/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The new bpf_api.h defines __uint, __type, __array and enum
 * libbpf_pin_type itself: no include is added (a second definition would
 * not compile).
 */
#include "bpf_api_btf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 128);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} mark_verdicts __section(".maps");

__section_cls_entry
int cls_mark_verdicts(struct __sk_buff *skb)
{
	__u32 mark = skb->mark, *verdict;

	verdict = map_lookup_elem(&mark_verdicts, &mark);
	return verdict ? (int)*verdict : TC_ACT_OK;
}

BPF_LICENSE("GPL");
