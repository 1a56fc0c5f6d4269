/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maps declared through a project header's macros (one variadic) and its
 * typedef of struct bpf_elf_map: this file never names the legacy struct,
 * and its maps are migrated all the same.
 */
#include "map_macros.h"
#include <bpf/bpf_helpers.h>

#define NR_IFACES	64

struct counters {
	__u64	packets;
	__u64	bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct counters);
	__uint(max_entries, NR_IFACES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} if_stats __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, NR_IFACES);
} if_drops __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, NR_IFACES);
} if_marks __section(".maps");

__section_cls_entry
int cls_stats(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex & (NR_IFACES - 1);
	struct counters *c = map_lookup_elem(&if_stats, &ifindex);
	__u32 *mark = map_lookup_elem(&if_marks, &ifindex);

	if (c) {
		c->packets++;
		c->bytes += skb->len;
	}
	if (mark)
		skb->mark = *mark;
	map_lookup_elem(&if_drops, &ifindex);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
