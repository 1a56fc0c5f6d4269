/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cilium-style split: cilium_calls lives in the main datapath object, this
 * one brings slot CILIUM_CALL_IPV4_CT and its own metrics map. The metrics
 * map migrates; the tail-call program keeps its legacy section (warning).
 */
#include "cilium_compat.h"
#include <bpf/bpf_helpers.h>

#define CILIUM_MAP_CALLS	2
#define CILIUM_CALL_IPV4_CT	5

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, struct metrics_key);
	__type(value, struct metrics_value);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, METRICS_MAP_SIZE);
} METRICS_MAP __section(".maps");

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
