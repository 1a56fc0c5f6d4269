/* SPDX-License-Identifier: GPL-2.0 */
/* Sample one packet in N: the rate comes from a one-slot config array. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct sample_cfg {
	__u32	one_in;
	__u32	mark;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct sample_cfg);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} sample_cfg_map __attribute__((section(".maps"), used));

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
