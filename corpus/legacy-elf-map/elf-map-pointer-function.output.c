/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A helper takes `struct bpf_elf_map *` and another keeps one in a local:
 * those are not map declarations and stay as they are (the struct is still
 * declared by bpf_api.h, so the file still compiles after migration).
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} rx_bytes __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} tx_bytes __section(".maps");

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
