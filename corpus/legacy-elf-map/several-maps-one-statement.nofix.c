/* bpf-migrate-expect: legacy-elf-map/unreadableInitializer error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two maps declared in one statement: a BTF map is one declaration each,
 * and rewriting the statement as one would lose the second map.
 */
#include "bpf_api.h"

struct bpf_elf_map __section_maps rx_cnt = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
}, tx_cnt = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
};

__section_cls_entry
int cls_cnt(struct __sk_buff *skb)
{
	__u32 zero = 0;

	return map_lookup_elem(&rx_cnt, &zero) && map_lookup_elem(&tx_cnt, &zero);
}

BPF_LICENSE("GPL");
