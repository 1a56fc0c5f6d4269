/* SPDX-License-Identifier: GPL-2.0 */
/* Sample one packet in N: the rate comes from a one-slot config array. */
#include "bpf_api.h"

struct sample_cfg {
	__u32	one_in;
	__u32	mark;
};

struct bpf_elf_map __attribute__((section("maps"), used)) sample_cfg_map = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct sample_cfg),
	.max_elem	= 1,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_sample(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct sample_cfg *cfg;

	cfg = map_lookup_elem(&sample_cfg_map, &zero);
	if (!cfg || !cfg->one_in)
		return TC_ACT_OK;

	if (get_prandom_u32() % cfg->one_in == 0)
		skb->mark = cfg->mark;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
