/* bpf-migrate-expect: kv-pair-annotation/sizeMismatch error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * .size_key = 4 but the annotation says the key is a __u64 (8 bytes): one
 * of them is wrong, and the map is left alone.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps cookie_marks = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= 4,
	.size_value	= sizeof(__u32),
	.max_elem	= 2048,
	.pinning	= PIN_GLOBAL_NS,
};

BPF_ANNOTATE_KV_PAIR(cookie_marks, __u64, __u32);

__section_cls_entry
int cls_cookie_marks(struct __sk_buff *skb)
{
	__u32 hash = skb->hash, *mark;

	mark = map_lookup_elem(&cookie_marks, &hash);
	if (mark)
		skb->mark = *mark;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
