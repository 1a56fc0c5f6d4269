/* bpf-migrate-expect: map-in-map/mapDefInner error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * .inner_map_idx = 1 counts maps in the "maps" section, and the map before
 * the template exists only in some builds: which map is #1 depends on the
 * build (mapDefInner).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

#ifdef DEBUG_STATS
struct bpf_map_def SEC("maps") debug_stats = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};
#endif

struct bpf_map_def SEC("maps") port_a = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(int),
	.max_entries = 8,
};

struct bpf_map_def SEC("maps") a_of_port_a = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.key_size = sizeof(__u32),
	.inner_map_idx = 1,
	.max_entries = 1,
};

SEC("classifier")
int cls_port_a(struct __sk_buff *skb)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&a_of_port_a, &zero) ? TC_ACT_OK : TC_ACT_SHOT;
}

char _license[] SEC("license") = "GPL";
