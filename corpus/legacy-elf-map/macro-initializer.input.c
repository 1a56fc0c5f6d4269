/* bpf-migrate-expect: legacy-elf-map/unreadableInitializer error */
/* SPDX-License-Identifier: GPL-2.0 */
/* The initializer comes out of a macro: there are no fields to rewrite. */
#include "bpf_api.h"

#define MAP_INIT(TYPE, KEY, VALUE, MAX)				\
	{							\
		.type		= TYPE,				\
		.size_key	= sizeof(KEY),			\
		.size_value	= sizeof(VALUE),		\
		.max_elem	= MAX,				\
		.pinning	= PIN_GLOBAL_NS,		\
	}

struct bpf_elf_map __section_maps port_hits = MAP_INIT(BPF_MAP_TYPE_HASH, __u32, __u64, 1024);

__section_cls_entry
int cls_port_hits(struct __sk_buff *skb)
{
	__u32 port = skb->local_port;
	__u64 one = 1, *hits;

	hits = map_lookup_elem(&port_hits, &port);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	else
		map_update_elem(&port_hits, &port, &one, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
