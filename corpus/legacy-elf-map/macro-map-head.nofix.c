/* bpf-migrate-expect: engine/legacyMapRemains error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A macro that stands for the head of the declaration only, the fields written at the use:
 * no rule reads this shape, and the map must not stay legacy without a word.
 */
#include "bpf_api.h"

#define PINNED_MAP(name)	struct bpf_elf_map __section("maps") name

PINNED_MAP(conn_track) = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(__u64),
	.size_value	= sizeof(__u64),
	.max_elem	= 65536,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_track(struct __sk_buff *skb)
{
	__u64 key = skb->hash, now = 1;

	map_update_elem(&conn_track, &key, &now, BPF_ANY);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
