/* bpf-migrate-expect: map-in-map/noTemplate error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The outer map names inner id 21, but no map in this file has .id = 21
 * (the template used to come from a shared header). libbpf needs the inner
 * map's definition in the same object, so this cannot be migrated as is.
 */
#include "bpf_api.h"

#define VRF_TABLE_ID	21

struct bpf_elf_map __section_maps vrf_tables = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 16,
	.inner_id	= VRF_TABLE_ID,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int vrf_lookup(struct __sk_buff *skb)
{
	__u32 vrf = skb->mark & 0xf, dst = 0, *nh;
	void *table;

	table = map_lookup_elem(&vrf_tables, &vrf);
	if (!table)
		return TC_ACT_OK;
	if (skb_load_bytes(skb, 14 + 16, &dst, sizeof(dst)) < 0)
		return TC_ACT_OK;
	nh = map_lookup_elem(table, &dst);
	if (nh)
		skb->tc_classid = *nh;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
