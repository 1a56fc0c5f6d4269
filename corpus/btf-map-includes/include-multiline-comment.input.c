/* SPDX-License-Identifier: GPL-2.0 */
/* A comment that starts on the last #include line runs over two more lines. */
#include "bpf_api.h"	/* old copy of iproute2's header,
			 * kept until the move to libbpf
			 */

struct bpf_elf_map __section_maps gso_sizes = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 16,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_gso_sizes(struct __sk_buff *skb)
{
	__u32 slot = skb->gso_segs;
	__u64 *cnt;

	if (slot > 15)
		slot = 15;
	cnt = map_lookup_elem(&gso_sizes, &slot);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
