/* SPDX-License-Identifier: GPL-2.0 */
/* Initializers that come out of macros: a function-like one with arguments, one with none, an object-like one. */
#include "bpf_api.h"

#define MAP_INIT(TYPE, KEY, VALUE, MAX)				\
	{							\
		.type		= TYPE,				\
		.size_key	= sizeof(KEY),			\
		.size_value	= sizeof(VALUE),		\
		.max_elem	= MAX,				\
		.pinning	= PIN_GLOBAL_NS,		\
	}

#define MY_HOOK_MAP()	MAP_INIT(BPF_MAP_TYPE_ARRAY, __u32, __u32, 4)
#define DROP_MAP	MAP_INIT(BPF_MAP_TYPE_PERCPU_ARRAY, __u32, __u64, 1)

struct bpf_elf_map __section_maps port_hits = MAP_INIT(BPF_MAP_TYPE_HASH, __u32, __u64, 1024);
/* Hook slots, set from user space. */
struct bpf_elf_map __section("maps") hooks = MY_HOOK_MAP();
struct bpf_elf_map __section("maps") drops = DROP_MAP;

__section_cls_entry
int cls_port_hits(struct __sk_buff *skb)
{
	__u32 port = skb->mark, zero = 0;
	__u64 one = 1, *hits;
	__u32 *hook = map_lookup_elem(&hooks, &zero);

	if (hook && *hook)
		return TC_ACT_SHOT;
	hits = map_lookup_elem(&port_hits, &port);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	else
		map_update_elem(&port_hits, &port, &one, BPF_NOEXIST);
	hits = map_lookup_elem(&drops, &zero);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
