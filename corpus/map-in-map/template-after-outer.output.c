/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sampling rates per queue. The outer map comes first in this file; its
 * inner template, rates_q0, is declared further down with the programs.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define RATES_ID	12
#define NUM_QUEUES	16

struct rates_q0_def rates_q0 __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, NUM_QUEUES);
	__array(values, struct rates_q0_def);
} rates_by_queue __section(".maps") = {
	.values = {
		[0] = &rates_q0,
	},
};

struct rates_q0_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 4);
} rates_q0 __section(".maps");

__section_cls_entry
int sample_queue(struct __sk_buff *skb)
{
	__u32 queue = skb->queue_mapping % NUM_QUEUES, zero = 0, *rate;
	void *rates;

	rates = map_lookup_elem(&rates_by_queue, &queue);
	if (!rates)
		return TC_ACT_OK;
	rate = map_lookup_elem(rates, &zero);
	if (rate && *rate && get_prandom_u32() % *rate == 0)
		skb->mark |= 0x1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
