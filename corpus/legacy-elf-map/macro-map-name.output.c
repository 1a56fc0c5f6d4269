/* SPDX-License-Identifier: GPL-2.0 */
/* Cilium-style metrics: the map name is a macro from the project header. */
#include "cilium_compat.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, struct metrics_key);
	__type(value, struct metrics_value);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, METRICS_MAP_SIZE);
	__uint(map_flags, CONDITIONAL_PREALLOC);
} METRICS_MAP __section(".maps");

static __always_inline void update_metrics(__u32 bytes, __u8 dir, __u8 reason)
{
	struct metrics_key key = { .reason = reason, .dir = dir };
	struct metrics_value *entry, new_entry = {};

	entry = map_lookup_elem(&METRICS_MAP, &key);
	if (entry) {
		entry->count += 1;
		entry->bytes += bytes;
	} else {
		new_entry.count = 1;
		new_entry.bytes = bytes;
		map_update_elem(&METRICS_MAP, &key, &new_entry, 0);
	}
}

__section_entry
int from_netdev(struct __sk_buff *skb)
{
	update_metrics(skb->len, 1, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
