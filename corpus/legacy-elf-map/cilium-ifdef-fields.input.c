/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cilium-style service lookup: wrapper section macro, macro map names,
 * sizes from #defines, and whole fields under #ifdef.
 */
#include "cilium_compat.h"

struct bpf_elf_map __maps_section LB4_SERVICES_MAP = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct lb4_key),
	.size_value	= sizeof(struct lb4_service),
#ifdef ENABLE_PINNING
	.pinning	= PIN_GLOBAL_NS,
#endif
	.max_elem	= CILIUM_LB_MAP_MAX_ENTRIES,
	.flags		= CONDITIONAL_PREALLOC,
};

struct bpf_elf_map __pinned_map LB4_BACKEND_MAP = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct lb4_backend),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= CILIUM_LB_MAP_MAX_ENTRIES,
#ifndef PREALLOCATE_MAPS
	.flags		= BPF_F_NO_PREALLOC,
#endif
};

static __always_inline struct lb4_backend *lb4_lookup(struct lb4_key *key)
{
	struct lb4_service *svc;

	svc = map_lookup_elem(&LB4_SERVICES_MAP, key);
	if (!svc || !svc->count)
		return NULL;
	return map_lookup_elem(&LB4_BACKEND_MAP, &svc->backend_id);
}

__section_entry
int from_container(struct __sk_buff *skb)
{
	struct lb4_key key = {
		.address = skb->mark,
		.dport = (__be16)skb->ifindex,
	};
	struct lb4_backend *be = lb4_lookup(&key);

	if (be)
		skb->mark = be->address;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
