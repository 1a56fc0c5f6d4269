/* SPDX-License-Identifier: GPL-2.0 */
/* .pinning = 1 is PIN_OBJECT_NS spelled as a number. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} pkt_sizes __section(".maps");

__section_cls_entry
int cls_pkt_sizes(struct __sk_buff *skb)
{
	__u32 slot = skb->len / 64;
	__u64 *cnt;

	if (slot > 31)
		slot = 31;
	cnt = map_lookup_elem(&pkt_sizes, &slot);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
