/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes written as numbers that equal the annotated types' sizes. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps map_sh = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= 4,
	.size_value	= 8,
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 1,
};

BPF_ANNOTATE_KV_PAIR(map_sh, __u32, __u64);

__section_cls_entry
int cls_shared(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *count;

	count = map_lookup_elem(&map_sh, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
