/* bpf-migrate-expect: map-in-map/nested error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two levels: tenant_tables is an ARRAY_OF_MAPS of per-tenant hashes, and
 * it also has an .id that makes it the inner template of tenants. A map
 * that is both an outer and an inner map is not something bpf-migrate
 * rewrites (nor something the kernel accepts): all three stay legacy.
 */
#include "bpf_api.h"

#define TENANT_HASH_ID	20
#define TENANT_TABLE_ID	21

struct bpf_elf_map __section_maps tenant_flows = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 4096,
	.id		= TENANT_HASH_ID,
};

struct bpf_elf_map __section_maps tenant_tables = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 8,
	.id		= TENANT_TABLE_ID,
	.inner_id	= TENANT_HASH_ID,
};

struct bpf_elf_map __section_maps tenants = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
	.inner_id	= TENANT_TABLE_ID,
};

__section_cls_entry
int tenant_count(struct __sk_buff *skb)
{
	__u32 tenant = skb->mark & 3, table = 0, flow = skb->hash;
	void *tables, *flows;
	__u64 *cnt;

	tables = map_lookup_elem(&tenants, &tenant);
	if (!tables)
		return TC_ACT_OK;
	flows = map_lookup_elem(tables, &table);
	if (!flows)
		return TC_ACT_OK;
	cnt = map_lookup_elem(flows, &flow);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
