/* bpf-migrate-expect: map-in-map/unknownValue error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inner maps' slots are enum constants. The compiler knows them, but
 * bpf-migrate evaluates only literals and #defines, so it cannot tell which
 * slot each map goes to (or whether two collide): the wiring stays legacy.
 */
#include "bpf_api.h"

#define ROUTE_ID	9

enum route_table {
	ROUTE_MAIN,
	ROUTE_BACKUP,
	ROUTE_MAX,
};

struct bpf_elf_map __section_maps routes_main = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1024,
	.id		= ROUTE_ID,
	.inner_idx	= ROUTE_MAIN,
};

struct bpf_elf_map __section_maps routes_backup = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1024,
	.id		= ROUTE_ID,
	.inner_idx	= ROUTE_BACKUP,
};

struct bpf_elf_map __section_maps route_tables = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= ROUTE_MAX,
	.inner_id	= ROUTE_ID,
};

__section_cls_entry
int route_lookup(struct __sk_buff *skb)
{
	__u32 table = skb->mark ? ROUTE_BACKUP : ROUTE_MAIN, *nh;
	__be32 dst = 0;
	void *routes;

	if (skb_load_bytes(skb, 14 + 16, &dst, sizeof(dst)) < 0)
		return TC_ACT_OK;
	routes = map_lookup_elem(&route_tables, &table);
	if (!routes)
		return TC_ACT_OK;
	nh = map_lookup_elem(routes, &dst);
	if (nh)
		skb->mark = *nh;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
