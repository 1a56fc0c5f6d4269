/* SPDX-License-Identifier: GPL-2.0 */
/*
 * samples/bpf style map-in-map with the samples' struct bpf_map_def:
 * .inner_map_idx is the index of the inner template in the "maps" section
 * (port_a here), which bpf_load.c used as the inner map. port_a gets a
 * named struct for __array(values, ...) (mapDefTemplate).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

struct bpf_map_def SEC("maps") port_a = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(int),
	.max_entries = 8,
};

struct bpf_map_def SEC("maps") a_of_port_a = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.key_size = sizeof(__u32),
	.inner_map_idx = 0, /* map_fd[0] is port_a */
	.max_entries = 1,
};

SEC("classifier")
int cls_port_a(struct __sk_buff *skb)
{
	__u32 zero = 0, slot = skb->ifindex & 7;
	void *inner;
	int *v;

	inner = bpf_map_lookup_elem(&a_of_port_a, &zero);
	if (!inner)
		return TC_ACT_OK;
	v = bpf_map_lookup_elem(inner, &slot);
	if (v)
		skb->mark = *v;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
