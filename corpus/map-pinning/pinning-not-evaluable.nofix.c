/* bpf-migrate-expect: map-pinning/pinningUnknown error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pinning macro has one value per configuration: which pinning the
 * map gets cannot be told from the file (pinningUnknown).
 */
#include "bpf_api.h"

#ifdef SHARE_TABLES
#define TBL_PIN		PIN_GLOBAL_NS
#else
#define TBL_PIN		PIN_NONE
#endif

struct bpf_elf_map __section_maps conn_tbl = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(__u64),
	.size_value	= sizeof(__u64),
	.max_elem	= 65536,
	.pinning	= TBL_PIN,
};

__section_cls_entry
int cls_conn(struct __sk_buff *skb)
{
	__u64 key = skb->hash;

	return map_lookup_elem(&conn_tbl, &key) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
