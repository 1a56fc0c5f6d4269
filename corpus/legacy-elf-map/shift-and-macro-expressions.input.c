/* SPDX-License-Identifier: GPL-2.0 */
/* Field values are expressions and macros; they are copied as written. */
#include "bpf_api.h"

#define MAX_ELEMS	(4 * 1024)
#define ADDR_SIZE	4

struct bpf_elf_map __section_maps nat_table = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= ADDR_SIZE,
	.size_value	= 2 * ADDR_SIZE,
	.max_elem	= 1 << 16,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __section_maps nat_stats = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64) * 2,
	.max_elem	= MAX_ELEMS,
};

__section_cls_entry
int cls_nat(struct __sk_buff *skb)
{
	__be32 addr = skb->mark;
	__u32 slot = skb->hash % MAX_ELEMS;
	__u64 *st;
	__u8 *dst;

	st = map_lookup_elem(&nat_stats, &slot);
	if (st) {
		st[0] += 1;
		st[1] += skb->len;
	}

	dst = map_lookup_elem(&nat_table, &addr);
	if (!dst)
		return TC_ACT_OK;
	skb->mark = dst[0];
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
