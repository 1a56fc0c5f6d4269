/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PIN_OBJECT_NS: pinned under the object's own directory by tc. BTF maps
 * have no per-object pinning, so it becomes LIBBPF_PIN_BY_NAME (global under
 * the pin root) and the tool warns about it.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} obj_state __section(".maps");

__section_cls_entry
int cls_obj_state(struct __sk_buff *skb)
{
	__u32 idx = skb->ingress_ifindex ? 0 : 1;
	__u64 *last;

	last = map_lookup_elem(&obj_state, &idx);
	if (last)
		*last = ktime_get_ns();
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
