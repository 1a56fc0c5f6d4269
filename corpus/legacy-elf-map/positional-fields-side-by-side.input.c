/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The old tc layout: a positional initializer written on its own line
 * inside the braces. The members come out one per line, as BTF maps are
 * written, with no trailing blanks where fields are dropped.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps acl_v4 = {
	BPF_MAP_TYPE_HASH, sizeof(__u32), sizeof(__u8), 4096, 0, 0, PIN_GLOBAL_NS
};

struct bpf_elf_map __section_maps acl_hits = {
	BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(__u32),
	sizeof(__u64), 16,
};

__section_cls_entry
int cls_acl(struct __sk_buff *skb)
{
	__u32 k = skb->mark, zero = 0;
	__u64 *hits;

	if (!map_lookup_elem(&acl_v4, &k))
		return TC_ACT_OK;
	hits = map_lookup_elem(&acl_hits, &zero);
	if (hits)
		*hits += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
