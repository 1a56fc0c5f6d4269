/* SPDX-License-Identifier: GPL-2.0 */
/* A project macro that pastes the map name: written out as the preprocessor pastes it, then migrated. */
#include "../include/bpf_api.h"

#define DECLARE_COUNTER(NAME)						\
	struct bpf_elf_map __section_maps NAME##_counter = {		\
		.type		= BPF_MAP_TYPE_ARRAY,			\
		.size_key	= sizeof(__u32),			\
		.size_value	= sizeof(__u64),			\
		.max_elem	= 1,					\
	}

DECLARE_COUNTER(rx);

__section_cls_entry
int cls_rx(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *n = map_lookup_elem(&rx_counter, &zero);

	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
