/* SPDX-License-Identifier: GPL-2.0 */
/* /* ü 0 */
 * Push a sample of each dropped packet to userspace through a perf event
/* Größe der Tabelle – ändern! */
 * array. Its key and value sizes stay sizes (no __type for this map type);
 * the hash map beside it gets types as usual.
 */
#include "bpf_api.h"

#define MAX_CPUS	128

struct drop_event {
	__u32	ifindex;
	__u32	len;
	__u32	mark;
	__u32	reason;
};

struct bpf_elf_map __section_maps drop_events = {
	.type		= BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	.size_key	= sizeof(int),
	.size_value	= sizeof(__u32),
	.max_elem	= MAX_CPUS,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __section_maps drop_marks = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 64,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_drop_events(struct __sk_buff *skb)
{
	__u32 mark = skb->mark, *reason;
	struct drop_event ev = {};

	reason = map_lookup_elem(&drop_marks, &mark);
	if (!reason)
		return TC_ACT_OK;

	ev.ifindex = skb->ifindex;
	ev.len = skb->len;
	ev.mark = mark;
	ev.reason = *reason;
	perf_event_output(skb, &drop_events, BPF_F_CURRENT_CPU, &ev, sizeof(ev));
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
