/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-tenant byte counters: one inner hash per tenant, selected through an
 * array of maps. tenant_dflt is the template (.id, slot 0 by default); the
 * other two carry the same id and their own slot.
 */
#include "bpf_api_btf.h"

#define TENANT_MAP_ID	1
#define TENANT_A	1
#define TENANT_B	2
#define MAX_TENANTS	4

struct bpf_elf_map __section_maps tenant_dflt = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 256,
	.id		= TENANT_MAP_ID,
};

struct bpf_elf_map __section_maps tenant_a = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 256,
	.id		= TENANT_MAP_ID,
	.inner_idx	= TENANT_A,
};

struct bpf_elf_map __section_maps tenant_b = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 256,
	.id		= TENANT_MAP_ID,
	.inner_idx	= TENANT_B,
};

struct bpf_elf_map __section_maps tenants = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= MAX_TENANTS,
	.inner_id	= TENANT_MAP_ID,
};

__section_cls_entry
int count_tenant(struct __sk_buff *skb)
{
	__u32 tenant = skb->mark % MAX_TENANTS;
	__u32 ifindex = skb->ifindex;
	__u64 *bytes;
	void *inner;

	inner = map_lookup_elem(&tenants, &tenant);
	if (!inner)
		return TC_ACT_OK;

	bytes = map_lookup_elem(inner, &ifindex);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
