/* bpf-migrate-expect: map-in-map/outerBlocked error */
/* bpf-migrate-expect: map-pinning/customPinning error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The outer map uses a custom pinning id (a sub-path from
 * /etc/iproute2/bpf_pinning), which BTF maps cannot express, so it stays
 * legacy. Its inner template must stay too: the legacy outer map finds it
 * by .id, which only the legacy loader reads.
 */
#include "bpf_api.h"

#define RATES_ID	12
#define PIN_QOS_TREE	5
#define NUM_QUEUES	16

struct bpf_elf_map __section_maps rates_q0 = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
	.id		= RATES_ID,
};

struct bpf_elf_map __section_maps rates_by_queue = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= NUM_QUEUES,
	.inner_id	= RATES_ID,
	.pinning	= PIN_QOS_TREE,
};

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
