/* SPDX-License-Identifier: GPL-2.0 */
/* .pinning = 1 is PIN_OBJECT_NS spelled as a number. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps pkt_sizes = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 32,
	.pinning	= 1,
};

__section_cls_entry
int cls_pkt_sizes(struct __sk_buff *skb)
{
	__u32 slot = skb->len / 64;
	__u64 *cnt;

	if (slot > 31)
		slot = 31;
	cnt = map_lookup_elem(&pkt_sizes, &slot);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
