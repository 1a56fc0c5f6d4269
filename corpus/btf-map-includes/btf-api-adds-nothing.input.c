/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The new bpf_api.h defines __uint, __type, __array and enum
 * libbpf_pin_type itself: no include is added (a second definition would
 * not compile).
 */
#include "bpf_api_btf.h"

struct bpf_elf_map __section_maps mark_verdicts = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 128,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_mark_verdicts(struct __sk_buff *skb)
{
	__u32 mark = skb->mark, *verdict;

	verdict = map_lookup_elem(&mark_verdicts, &mark);
	return verdict ? (int)*verdict : TC_ACT_OK;
}

BPF_LICENSE("GPL");
