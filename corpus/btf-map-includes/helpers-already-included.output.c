/* SPDX-License-Identifier: GPL-2.0 */
/* <bpf/bpf_helpers.h> is already there: nothing is added. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include "bpf_api.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} if_bytes __section(".maps");

__section_cls_entry
int cls_if_bytes(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u64 len = skb->len, *bytes;

	bytes = bpf_map_lookup_elem(&if_bytes, &ifindex);
	if (bytes)
		*bytes += len;
	else
		bpf_map_update_elem(&if_bytes, &ifindex, &len, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
