/* bpf-migrate-expect: map-pinning/pinningOverridable error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pinning is a default the build may override (make
 * CFLAGS=-DTBL_PIN=PIN_GLOBAL_NS): PIN_NONE drops the member and
 * PIN_GLOBAL_NS writes one, so no single BTF spelling is right for every
 * build (pinningOverridable). Flags set the same way are kept as written.
 */
#include "bpf_api.h"

#ifndef TBL_PIN
#define TBL_PIN		PIN_NONE
#endif

#ifndef TBL_FLAGS
#define TBL_FLAGS	0
#endif

struct bpf_elf_map __section_maps conn_tbl = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(__u64),
	.size_value	= sizeof(__u64),
	.max_elem	= 65536,
	.flags		= TBL_FLAGS,
	.pinning	= TBL_PIN,
};

__section_cls_entry
int cls_conn(struct __sk_buff *skb)
{
	__u64 key = skb->hash;

	return map_lookup_elem(&conn_tbl, &key) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
