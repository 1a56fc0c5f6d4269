/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Only one of two maps is annotated; the other still gets __type from its
 * sizeof() fields. The annotation is grouped with the maps, not after each.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __s32);
	__uint(max_entries, 1024);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} acl_verdicts __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} acl_hits __section(".maps");

__section_cls_entry
int cls_acl(struct __sk_buff *skb)
{
	__u64 key = ((__u64)skb->hash << 32) | 32;
	__s32 *verdict;
	__u32 slot;
	__u64 *hits;

	verdict = map_lookup_elem(&acl_verdicts, &key);
	slot = verdict ? 1 : 0;
	hits = map_lookup_elem(&acl_hits, &slot);
	if (hits)
		*hits += 1;
	return verdict ? *verdict : TC_ACT_OK;
}

BPF_LICENSE("GPL");
