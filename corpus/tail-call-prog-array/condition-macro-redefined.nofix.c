/* bpf-migrate-expect: tail-call-prog-array/conditionChanges error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tail-call program is built under #ifdef ENABLE_NAT, and ENABLE_NAT is
 * defined between the map and the program: the same #ifdef at the map
 * would not mean the same (conditionChanges).
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps nat_calls = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 4,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
};

#define ENABLE_NAT

#ifdef ENABLE_NAT
__section_tail(4, 1)
int tail_nat(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}
#endif

__section_cls_entry
int cls_nat(struct __sk_buff *skb)
{
	tail_call(skb, &nat_calls, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
