/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PIN_OBJECT_NS: pinned under the object's own directory by tc. BTF maps
 * have no per-object pinning, so it becomes LIBBPF_PIN_BY_NAME (global under
 * the pin root) and the tool warns about it.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps obj_state = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 2,
	.pinning	= PIN_OBJECT_NS,
};

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
