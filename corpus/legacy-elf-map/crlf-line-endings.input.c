/* SPDX-License-Identifier: GPL-2.0 */
/* Written on Windows: every line ends in CRLF, and must stay so. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps tos_counts = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 256,
	.flags		= 0,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_tos(struct __sk_buff *skb)
{
	__u32 tos = skb->tc_index & 0xff;
	__u64 *cnt;

	cnt = map_lookup_elem(&tos_counts, &tos);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
