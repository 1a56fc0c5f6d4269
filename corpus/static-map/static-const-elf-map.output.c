/* SPDX-License-Identifier: GPL-2.0 */
/* `static const`: static goes, const stays. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct port_range {
	__u16	lo;
	__u16	hi;
};

const struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct port_range);
	__uint(max_entries, 8);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} port_ranges __section(".maps");

__section_cls_entry
int cls_port_range(struct __sk_buff *skb)
{
	__u32 idx = skb->mark & 7;
	__u16 port = (__u16)skb->ifindex;
	struct port_range *r;

	r = map_lookup_elem((void *)&port_ranges, &idx);
	if (!r)
		return TC_ACT_OK;
	return (port >= r->lo && port <= r->hi) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
