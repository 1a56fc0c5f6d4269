/* SPDX-License-Identifier: GPL-2.0 */
#include "bpf_api.h"
/*
 * A comment block follows the last #include; the new include goes right
 * after the #include line, above this comment.
 */

struct bpf_elf_map __section_maps hash_buckets = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 64,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_hash_buckets(struct __sk_buff *skb)
{
	__u32 bucket = skb->hash & 63;
	__u64 *cnt;

	cnt = map_lookup_elem(&hash_buckets, &bucket);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
