/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A shared header (written here as a .c so the corpus can compile it): its
 * includes sit inside its include guard, which is unconditional in effect,
 * so it gets the include like any other file.
 */
#ifndef __LB_MAPS_H
#define __LB_MAPS_H

#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct lb_key {
	__be32	vip;
	__be16	port;
	__u16	pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct lb_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 1024);
} lb_services __section(".maps");

__section_cls_entry
int lb_lookup(struct __sk_buff *skb)
{
	struct lb_key key = { .vip = skb->mark, .port = (__be16)skb->hash };
	__u32 *backend = map_lookup_elem(&lb_services, &key);

	return backend ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");

#endif /* __LB_MAPS_H */
