/* bpf-migrate-expect: map-in-map/slotOutOfRange error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The second inner map asks for slot 2 of an ARRAY_OF_MAPS with two
 * entries (ACL_SETS). tc's insertion fails there (the key is out of range); a
 * .values initializer with [2] does not fit the array either.
 */
#include "bpf_api.h"

#define ACL_ID		7
#define ACL_SETS	2

struct bpf_elf_map __section_maps acl_v4 = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(__u32),
	.max_elem	= 512,
	.id		= ACL_ID,
	.inner_idx	= 0,
};

struct bpf_elf_map __section_maps acl_v4_staging = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(__u32),
	.max_elem	= 512,
	.id		= ACL_ID,
	.inner_idx	= 2,
};

struct bpf_elf_map __section_maps acl_sets = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= ACL_SETS,
	.inner_id	= ACL_ID,
};

__section_cls_entry
int acl_check(struct __sk_buff *skb)
{
	__u32 set = skb->mark & 1, *action;
	__be32 src = 0;
	void *acl;

	if (skb_load_bytes(skb, 14 + 12, &src, sizeof(src)) < 0)
		return TC_ACT_OK;
	acl = map_lookup_elem(&acl_sets, &set);
	if (!acl)
		return TC_ACT_OK;
	action = map_lookup_elem(acl, &src);
	return action ? *action : TC_ACT_OK;
}

BPF_LICENSE("GPL");
