/* bpf-migrate-expect: engine/unhandledField error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * .inner_id on a map that is not a map-in-map. iproute2 still looks up the
 * map with that id (and fails to load the object if there is none), but
 * the kernel ignores it for a HASH: no rule knows what it should become,
 * so the map is left for a person to decide.
 */
#include "bpf_api.h"

#define FLOW_TABLE_ID	7

struct bpf_elf_map __section_maps flow_table = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
	.inner_id	= FLOW_TABLE_ID,
};

__section_cls_entry
int cls_flow_bytes(struct __sk_buff *skb)
{
	__u32 flow = skb->hash;
	__u64 *bytes;

	bytes = map_lookup_elem(&flow_table, &flow);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
