/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes written as numbers that equal the annotated types' sizes. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 1);
} map_sh __section(".maps");

__section_cls_entry
int cls_shared(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *count;

	count = map_lookup_elem(&map_sh, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
