/* bpf-migrate-expect: map-pinning/customPinning error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * .pinning = 42 is a custom pinning id, resolved by tc through
 * /etc/iproute2/bpf_pinning to a sub-path. BTF maps cannot express it.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps tenant_quota = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
	.pinning	= 42,
};

__section_cls_entry
int cls_quota(struct __sk_buff *skb)
{
	__u32 tenant = skb->mark >> 16;
	__u64 *left;

	left = map_lookup_elem(&tenant_quota, &tenant);
	if (!left)
		return TC_ACT_OK;
	if (*left < skb->len)
		return TC_ACT_SHOT;
	__sync_fetch_and_add(left, -(__s64)skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
