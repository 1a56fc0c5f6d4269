/* SPDX-License-Identifier: GPL-2.0 */
/* The file ends without a newline after the license line. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps len_hist = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 16,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_len_hist(struct __sk_buff *skb)
{
	__u32 bucket = skb->len >> 8;
	__u64 *cnt;

	if (bucket > 15)
		bucket = 15;
	cnt = map_lookup_elem(&len_hist, &bucket);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");