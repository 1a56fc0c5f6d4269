/* bpf-migrate-expect: map-in-map/shapeMismatch error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The big-site counter table was resized to 1024 entries but the template
 * still says 256: the kernel would refuse the inner map, and BTF cannot
 * describe two shapes for one __array(values, ...).
 */
#include "bpf_api.h"

#define SITE_ID		4

struct bpf_elf_map __section_maps site_small = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 256,
	.id		= SITE_ID,
};

struct bpf_elf_map __section_maps site_big = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
	.id		= SITE_ID,
	.inner_idx	= 1,
};

struct bpf_elf_map __section_maps sites = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.inner_id	= SITE_ID,
};

__section_cls_entry
int count_site(struct __sk_buff *skb)
{
	__u32 site = skb->mark & 1, idx = skb->hash & 0xff;
	__u64 *cnt;
	void *table;

	table = map_lookup_elem(&sites, &site);
	if (!table)
		return TC_ACT_OK;
	cnt = map_lookup_elem(table, &idx);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
