/* bpf-migrate-expect: btf-map-includes/partialHelpers error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * partial_btf.h defines __uint but not __type or LIBBPF_PIN_BY_NAME:
 * adding <bpf/bpf_helpers.h> would redefine __uint, so nothing is migrated.
 */
#include "partial_btf.h"

struct bpf_elf_map __section_maps src_ports = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_src_ports(struct __sk_buff *skb)
{
	__u32 port = skb->remote_port;
	__u64 one = 1, *cnt;

	cnt = map_lookup_elem(&src_ports, &port);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		map_update_elem(&src_ports, &port, &one, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
