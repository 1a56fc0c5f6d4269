/* SPDX-License-Identifier: GPL-2.0 */
/* A comment that starts on the last #include line runs over two more lines. */
#include "bpf_api.h"	/* old copy of iproute2's header,
			 * kept until the move to libbpf
			 */
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} gso_sizes __section(".maps");

__section_cls_entry
int cls_gso_sizes(struct __sk_buff *skb)
{
	__u32 slot = skb->gso_segs;
	__u64 *cnt;

	if (slot > 15)
		slot = 15;
	cnt = map_lookup_elem(&gso_sizes, &slot);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
