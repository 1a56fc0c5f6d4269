/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A helper takes `struct bpf_elf_map *` and another keeps one in a local:
 * those are not map declarations and stay as they are (the struct is still
 * declared by bpf_api.h, so the file still compiles after migration).
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps rx_bytes = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 8,
};

struct bpf_elf_map __section_maps tx_bytes = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 8,
};

static __inline void account(struct bpf_elf_map *map, __u32 slot, __u32 len)
{
	__u64 *val = map_lookup_elem(map, &slot);

	if (val)
		*val += len;
}

__section_cls_entry
int cls_account(struct __sk_buff *skb)
{
	struct bpf_elf_map *map;
	__u32 slot = skb->queue_mapping & 7;

	if (skb->ingress_ifindex)
		map = (void *)&rx_bytes;
	else
		map = (void *)&tx_bytes;
	account(map, slot, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
