/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Only one of two maps is annotated; the other still gets __type from its
 * sizeof() fields. The annotation is grouped with the maps, not after each.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps acl_verdicts = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= 8,
	.size_value	= 4,
	.max_elem	= 1024,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __section_maps acl_hits = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 2,
};

BPF_ANNOTATE_KV_PAIR(acl_verdicts, __u64, __s32);

__section_cls_entry
int cls_acl(struct __sk_buff *skb)
{
	__u64 key = ((__u64)skb->hash << 32) | 32;
	__s32 *verdict;
	__u32 slot;
	__u64 *hits;

	verdict = map_lookup_elem(&acl_verdicts, &key);
	slot = verdict ? 1 : 0;
	hits = map_lookup_elem(&acl_hits, &slot);
	if (hits)
		*hits += 1;
	return verdict ? *verdict : TC_ACT_OK;
}

BPF_LICENSE("GPL");
