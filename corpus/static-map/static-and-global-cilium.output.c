/* SPDX-License-Identifier: GPL-2.0 */
/* Cilium-style file mixing a static map and a global one. */
#include "cilium_compat.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, struct metrics_key);
	__type(value, struct metrics_value);
	__uint(max_entries, METRICS_MAP_SIZE);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} METRICS_MAP __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct lb4_backend);
	__uint(max_entries, CILIUM_LB_MAP_MAX_ENTRIES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} LB4_BACKEND_MAP __section(".maps");

__section_entry
int to_backend(struct __sk_buff *skb)
{
	struct metrics_key mk = { .reason = 0, .dir = 2 };
	struct metrics_value *mv;
	__u32 backend_id = skb->mark;
	struct lb4_backend *be;

	be = map_lookup_elem(&LB4_BACKEND_MAP, &backend_id);
	if (!be)
		return TC_ACT_SHOT;

	mv = map_lookup_elem(&METRICS_MAP, &mk);
	if (mv) {
		mv->count++;
		mv->bytes += skb->len;
	}
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
