/* bpf-migrate-load-fails: lru_maps_mapping */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bpf_map_def ARRAY_OF_MAPS whose inner map the loader picks (samples'
 * map_perf_test fixup, or bpf_map__set_inner_map_fd() with libbpf): no
 * template in the file. It is migrated without one, with a warning, and
 * gets the value size 4 that the kernel requires of a map-in-map and that
 * samples/bpf's loader passed (innerFromUserSpace).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

#define MAX_NR_CPUS	1024

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, MAX_NR_CPUS);
	__uint(value_size, sizeof(__u32));
} lru_maps_mapping SEC(".maps");

SEC("classifier")
int cls_lru(struct __sk_buff *skb)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&lru_maps_mapping, &cpu) ? TC_ACT_OK : TC_ACT_SHOT;
}

char _license[] SEC("license") = "GPL";
