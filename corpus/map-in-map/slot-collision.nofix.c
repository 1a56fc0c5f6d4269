/* bpf-migrate-expect: map-in-map/slotCollision error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Both inner maps end up in slot 0: the template because .inner_idx
 * defaults to 0, the second because it says so. tc would insert both, the
 * last one winning; a .values initializer cannot say that.
 */
#include "bpf_api.h"

#define ACL_ID		6

struct bpf_elf_map __section_maps acl_v4 = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(__u32),
	.max_elem	= 512,
	.id		= ACL_ID,
};

struct bpf_elf_map __section_maps acl_v4_staging = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(__u32),
	.max_elem	= 512,
	.id		= ACL_ID,
	.inner_idx	= 0,
};

struct bpf_elf_map __section_maps acl_sets = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.inner_id	= ACL_ID,
};

__section_cls_entry
int acl_check(struct __sk_buff *skb)
{
	__u32 zero = 0, *action;
	__be32 src = 0;
	void *acl;

	if (skb_load_bytes(skb, 14 + 12, &src, sizeof(src)) < 0)
		return TC_ACT_OK;
	acl = map_lookup_elem(&acl_sets, &zero);
	if (!acl)
		return TC_ACT_OK;
	action = map_lookup_elem(acl, &src);
	return action ? *action : TC_ACT_OK;
}

BPF_LICENSE("GPL");
