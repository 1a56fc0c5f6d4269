/* SPDX-License-Identifier: GPL-2.0 */
/* PIN_NONE and .pinning = 0 have no BTF member: both lines go. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps scratch = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
	.pinning	= PIN_NONE,
};

struct bpf_elf_map __section_maps seen_hashes = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 4096,
	.pinning	= 0,
};

__section_cls_entry
int cls_dedup(struct __sk_buff *skb)
{
	__u32 zero = 0, hash = skb->hash;
	__u64 now = ktime_get_ns(), *dups;

	if (map_update_elem(&seen_hashes, &hash, &now, BPF_NOEXIST) == 0)
		return TC_ACT_OK;

	dups = map_lookup_elem(&scratch, &zero);
	if (dups)
		*dups += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
