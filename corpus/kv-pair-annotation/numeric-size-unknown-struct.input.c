/* SPDX-License-Identifier: GPL-2.0 */
/*
 * .size_key = 8 with a struct key: whether sizeof(struct tuple) is 8 cannot
 * be told without a compiler, so both __type and __uint(key_size, 8) are
 * written (libbpf refuses the map if they disagree).
 */
#include "bpf_api.h"

struct tuple {
	__be32	saddr;
	__be32	daddr;
};

struct pair_stats {
	__u64	packets;
	__u64	bytes;
};

struct bpf_elf_map __section_maps pair_stats_map = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= 8,
	.size_value	= sizeof(struct pair_stats),
	.max_elem	= 16384,
	.pinning	= PIN_GLOBAL_NS,
};

BPF_ANNOTATE_KV_PAIR(pair_stats_map, struct tuple, struct pair_stats);

__section_cls_entry
int cls_pairs(struct __sk_buff *skb)
{
	struct tuple key = {
		.saddr = skb->hash,
		.daddr = skb->mark,
	};
	struct pair_stats *st, init = { .packets = 1 };

	st = map_lookup_elem(&pair_stats_map, &key);
	if (st) {
		st->packets++;
		st->bytes += skb->len;
	} else {
		init.bytes = skb->len;
		map_update_elem(&pair_stats_map, &key, &init, BPF_NOEXIST);
	}
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
