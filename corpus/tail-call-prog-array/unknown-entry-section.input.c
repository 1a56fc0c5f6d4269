/* bpf-migrate-options: --prog-type sched_cls */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only entry program is in "ingress", a name libbpf does not know: tc
 * set the type of every program of the object. The tail-called program
 * takes the entry's section, and the loader sets both types (typeFromLoader).
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps ingress_jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
};

__section_tail(1, 0)
int ingress_slow_path(struct __sk_buff *skb __maybe_unused)
{
	printt("slow path, len %u\n", skb->len);
	return TC_ACT_OK;
}

__section("ingress")
int ingress_fast_path(struct __sk_buff *skb)
{
	if (skb->len > 1500)
		tail_call(skb, &ingress_jmp, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
