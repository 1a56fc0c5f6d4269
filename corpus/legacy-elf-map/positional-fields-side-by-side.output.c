/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The old tc layout: a positional initializer written on its own line
 * inside the braces. The members come out one per line, as BTF maps are
 * written, with no trailing blanks where fields are dropped.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u8);
	__uint(max_entries, 4096);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} acl_v4 __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} acl_hits __section(".maps");

__section_cls_entry
int cls_acl(struct __sk_buff *skb)
{
	__u32 k = skb->mark, zero = 0;
	__u64 *hits;

	if (!map_lookup_elem(&acl_v4, &k))
		return TC_ACT_OK;
	hits = map_lookup_elem(&acl_hits, &zero);
	if (hits)
		*hits += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
