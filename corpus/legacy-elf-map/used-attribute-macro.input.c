/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file's own __used attribute macro next to the section attribute: the
 * migrated map keeps it after the section.
 */
#include "bpf_api.h"

#define __used	__attribute__((used))

struct bpf_elf_map __used __attribute__((section("maps"))) drops = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
};

__section_cls_entry
int cls_drops(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *v = map_lookup_elem(&drops, &zero);

	if (v)
		*v += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
