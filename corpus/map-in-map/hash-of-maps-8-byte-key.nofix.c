/* bpf-migrate-expect: map-in-map/hashKeySize error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-cgroup quotas keyed by the 64-bit cgroup id. libbpf can only fill a
 * HASH_OF_MAPS statically when the key is 4 bytes, so the slot of the
 * template (key 0) cannot be expressed as a .values initializer.
 */
#include "bpf_api.h"

#define QUOTA_ID	30

struct bpf_elf_map __section_maps quota_root = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 2,
	.id		= QUOTA_ID,
};

struct bpf_elf_map __section_maps quota_by_cgroup = {
	.type		= BPF_MAP_TYPE_HASH_OF_MAPS,
	.size_key	= sizeof(__u64),
	.size_value	= sizeof(__u32),
	.max_elem	= 4096,
	.inner_id	= QUOTA_ID,
};

static __u64 BPF_FUNC(skb_cgroup_id, struct __sk_buff *skb);

__section_cls_entry
int quota_check(struct __sk_buff *skb)
{
	__u64 cgid = skb_cgroup_id(skb), *left;
	__u32 bytes = 0;
	void *quota;

	quota = map_lookup_elem(&quota_by_cgroup, &cgid);
	if (!quota)
		return TC_ACT_OK;
	left = map_lookup_elem(quota, &bytes);
	if (left && *left < skb->len)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
