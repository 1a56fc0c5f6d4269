/* bpf-migrate-expect: tail-call-prog-array/idConditional error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The prog array's .id is set only when SKIP_CALLS_MAP_ID is not defined:
 * in a build with it, the legacy loader finds no prog array with id 3 and
 * skips the program. Which programs the map holds depends on the build
 * (idConditional).
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps calls_hostns = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
#ifndef SKIP_CALLS_MAP_ID
	.id		= 3,
#endif
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 8,
};

__section_tail(3, 6)
int tail_arp(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int from_host(struct __sk_buff *skb)
{
	tail_call(skb, &calls_hostns, 6);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
