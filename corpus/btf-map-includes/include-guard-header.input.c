/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A shared header (written here as a .c so the corpus can compile it): its
 * includes sit inside its include guard, which is unconditional in effect,
 * so it gets the include like any other file.
 */
#ifndef __LB_MAPS_H
#define __LB_MAPS_H

#include "bpf_api.h"

struct lb_key {
	__be32	vip;
	__be16	port;
	__u16	pad;
};

struct bpf_elf_map __section_maps lb_services = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct lb_key),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 1024,
};

__section_cls_entry
int lb_lookup(struct __sk_buff *skb)
{
	struct lb_key key = { .vip = skb->mark, .port = (__be16)skb->hash };
	__u32 *backend = map_lookup_elem(&lb_services, &key);

	return backend ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");

#endif /* __LB_MAPS_H */
