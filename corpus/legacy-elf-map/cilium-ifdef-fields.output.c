/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cilium-style service lookup: wrapper section macro, macro map names,
 * sizes from #defines, and whole fields under #ifdef.
 */
#include "cilium_compat.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct lb4_key);
	__type(value, struct lb4_service);
#ifdef ENABLE_PINNING
	__uint(pinning, LIBBPF_PIN_BY_NAME);
#endif
	__uint(max_entries, CILIUM_LB_MAP_MAX_ENTRIES);
	__uint(map_flags, CONDITIONAL_PREALLOC);
} LB4_SERVICES_MAP __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct lb4_backend);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, CILIUM_LB_MAP_MAX_ENTRIES);
#ifndef PREALLOCATE_MAPS
	__uint(map_flags, BPF_F_NO_PREALLOC);
#endif
} LB4_BACKEND_MAP __section(".maps");

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
