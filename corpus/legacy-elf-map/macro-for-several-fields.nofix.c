/* bpf-migrate-expect: legacy-elf-map/unreadableInitializer error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * COUNTER_DEFAULTS stands for three designated fields, written where one
 * positional value would go: it is not the key size that position names.
 */
#include "bpf_api.h"

#define COUNTER_DEFAULTS		\
	.size_key = sizeof(__u32),	\
	.size_value = sizeof(__u64),	\
	.pinning = PIN_GLOBAL_NS

struct bpf_elf_map __section_maps rx_cnt = {
	.type = BPF_MAP_TYPE_PERCPU_ARRAY,
	COUNTER_DEFAULTS,
	.max_elem = 4,
};

__section_cls_entry
int cls_cnt(struct __sk_buff *skb)
{
	__u32 zero = 0;

	return map_lookup_elem(&rx_cnt, &zero) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
