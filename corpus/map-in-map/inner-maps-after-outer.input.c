/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-tenant counters: the HASH_OF_MAPS comes first, its template and the
 * tenants' inner maps below it, all with BPF_F_NO_PREALLOC (an enum
 * constant of linux/bpf.h). Each inner map declared after the outer gets a
 * named struct and a tentative definition above it, so that .values can
 * name it.
 */
#include "bpf_api.h"

#define TPL_ID		10
#define TENANT_MAX	128

struct bpf_elf_map __section_maps tenants = {
	.type		= BPF_MAP_TYPE_HASH_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 16,
	.inner_id	= TPL_ID,
};

/* template, never inserted */
struct bpf_elf_map __section_maps tenant_tpl = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= TENANT_MAX,
	.flags		= BPF_F_NO_PREALLOC,
	.id		= TPL_ID,
	.inner_idx	= -1,
};

struct bpf_elf_map __section_maps tenant_a = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= TENANT_MAX,
	.flags		= BPF_F_NO_PREALLOC,
	.id		= TPL_ID,
	.inner_idx	= 3,
};

struct bpf_elf_map __section_maps tenant_b = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= TENANT_MAX,
	.flags		= BPF_F_NO_PREALLOC,
	.id		= TPL_ID,
	.inner_idx	= 7,
};

__section_cls_entry
int cls_tenant(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex, k = 0;
	void *inner;
	__u64 *v;

	inner = map_lookup_elem(&tenants, &ifindex);
	if (inner) {
		v = map_lookup_elem(inner, &k);
		if (v)
			__sync_fetch_and_add(v, 1);
	}
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
