/* SPDX-License-Identifier: GPL-2.0 */
/* The file ends without a newline after the license line. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} len_hist __section(".maps");

__section_cls_entry
int cls_len_hist(struct __sk_buff *skb)
{
	__u32 bucket = skb->len >> 8;
	__u64 *cnt;

	if (bucket > 15)
		bucket = 15;
	cnt = map_lookup_elem(&len_hist, &bucket);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");