/* SPDX-License-Identifier: GPL-2.0 */
/* PIN_GLOBAL_NS and its numeric value 2 both become LIBBPF_PIN_BY_NAME. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps allow_v4 = {
	.type		= BPF_MAP_TYPE_LPM_TRIE,
	.size_key	= 8,
	.size_value	= sizeof(__u32),
	.max_elem	= 1024,
	.flags		= BPF_F_NO_PREALLOC,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __section_maps allow_hits = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
	.pinning	= 2,
};

struct lpm_v4 {
	__u32	prefixlen;
	__be32	addr;
};

__section_cls_entry
int cls_allow(struct __sk_buff *skb)
{
	struct lpm_v4 key = { .prefixlen = 32, .addr = skb->hash };
	__u32 zero = 0;
	__u64 *hits;

	if (!map_lookup_elem(&allow_v4, &key))
		return TC_ACT_SHOT;
	hits = map_lookup_elem(&allow_hits, &zero);
	if (hits)
		*hits += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
