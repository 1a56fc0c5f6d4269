/* SPDX-License-Identifier: GPL-2.0 */
/* Cilium-style file mixing a static map and a global one. */
#include "cilium_compat.h"

static struct bpf_elf_map __maps_section METRICS_MAP = {
	.type		= BPF_MAP_TYPE_PERCPU_HASH,
	.size_key	= sizeof(struct metrics_key),
	.size_value	= sizeof(struct metrics_value),
	.max_elem	= METRICS_MAP_SIZE,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __maps_section LB4_BACKEND_MAP = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct lb4_backend),
	.max_elem	= CILIUM_LB_MAP_MAX_ENTRIES,
	.pinning	= PIN_GLOBAL_NS,
};

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
