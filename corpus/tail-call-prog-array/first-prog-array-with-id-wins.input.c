/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Three maps share .id = 1: a hash (ignored: not a prog array), then two
 * prog arrays. tc puts "1/KEY" programs into the first prog array with that
 * id only; jmp_spare stays empty.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps seen = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 128,
	.id		= 1,
};

struct bpf_elf_map __section_maps jmp_main = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.id		= 1,
};

struct bpf_elf_map __section_maps jmp_spare = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.id		= 1,
};

__section_tail(1, 1)
int note_seen(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u64 now = ktime_get_ns();

	map_update_elem(&seen, &ifindex, &now, BPF_ANY);
	return TC_ACT_OK;
}

__section_cls_entry
int track(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_main, 1);
	tail_call(skb, &jmp_spare, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
