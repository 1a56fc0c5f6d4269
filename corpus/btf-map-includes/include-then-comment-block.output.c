/* SPDX-License-Identifier: GPL-2.0 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>
/*
 * A comment block follows the last #include; the new include goes right
 * after the #include line, above this comment.
 */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} hash_buckets __section(".maps");

__section_cls_entry
int cls_hash_buckets(struct __sk_buff *skb)
{
	__u32 bucket = skb->hash & 63;
	__u64 *cnt;

	cnt = map_lookup_elem(&hash_buckets, &bucket);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
