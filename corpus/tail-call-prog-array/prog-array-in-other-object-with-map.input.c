/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cilium-style split: cilium_calls lives in the main datapath object, this
 * one brings slot CILIUM_CALL_IPV4_CT and its own metrics map. The metrics
 * map migrates; the tail-call program keeps its legacy section (warning).
 */
#include "cilium_compat.h"

#define CILIUM_MAP_CALLS	2
#define CILIUM_CALL_IPV4_CT	5

struct bpf_elf_map __section_maps METRICS_MAP = {
	.type		= BPF_MAP_TYPE_PERCPU_HASH,
	.size_key	= sizeof(struct metrics_key),
	.size_value	= sizeof(struct metrics_value),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= METRICS_MAP_SIZE,
};

__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_CT)
int tail_ipv4_ct(struct __sk_buff *ctx)
{
	struct metrics_key key = { .reason = 0, .dir = 1 };
	struct metrics_value *m;

	m = map_lookup_elem(&METRICS_MAP, &key);
	if (m) {
		m->count += 1;
		m->bytes += ctx->len;
	}
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
