/* SPDX-License-Identifier: GPL-2.0 */
/* Written on Windows: every line ends in CRLF, and must stay so. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tos_counts __section(".maps");

__section_cls_entry
int cls_tos(struct __sk_buff *skb)
{
	__u32 tos = skb->tc_index & 0xff;
	__u64 *cnt;

	cnt = map_lookup_elem(&tos_counts, &tos);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
