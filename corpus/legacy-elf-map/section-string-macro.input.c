/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Section names given through a string macro, as iproute2's bpf_elf.h does
 * with ELF_SECTION_MAPS: in a call, in SEC() and in a raw attribute.
 */
#include "bpf_api.h"

#define ELF_SECTION_MAPS	"maps"
#define ELF_SECTION_PROG	"classifier"

struct bpf_elf_map __section(ELF_SECTION_MAPS) cnt_sec = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
};

struct bpf_elf_map __attribute__((section(ELF_SECTION_MAPS), used)) cnt_attr = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
};

__section(ELF_SECTION_PROG)
int cls_count(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *a = map_lookup_elem(&cnt_sec, &zero);
	__u64 *b = map_lookup_elem(&cnt_attr, &zero);

	if (a)
		__sync_fetch_and_add(a, 1);
	if (b)
		__sync_fetch_and_add(b, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
