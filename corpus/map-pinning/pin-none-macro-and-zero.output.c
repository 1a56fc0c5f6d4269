/* SPDX-License-Identifier: GPL-2.0 */
/* PIN_NONE and .pinning = 0 have no BTF member: both lines go. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} scratch __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4096);
} seen_hashes __section(".maps");

__section_cls_entry
int cls_dedup(struct __sk_buff *skb)
{
	__u32 zero = 0, hash = skb->hash;
	__u64 now = ktime_get_ns(), *dups;

	if (map_update_elem(&seen_hashes, &hash, &now, BPF_NOEXIST) == 0)
		return TC_ACT_OK;

	dups = map_lookup_elem(&scratch, &zero);
	if (dups)
		*dups += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
