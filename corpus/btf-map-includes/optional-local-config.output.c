/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A build-time configuration header that exists only in some builds,
 * pulled in through __has_include. bpf-migrate cannot find it, so it cannot
 * tell whether it defines __uint and __type: it adds <bpf/bpf_helpers.h>
 * and warns (unresolvedInclude). The header is absent here, so the file
 * compiles either way.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>
#if __has_include("lb_local_config.h")
#include "lb_local_config.h"
#endif

#ifndef LB_BACKENDS
#define LB_BACKENDS	64
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, LB_BACKENDS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} lb_backends __section(".maps");

__section_cls_entry
int cls_pick_backend(struct __sk_buff *skb)
{
	__u32 slot = skb->hash % LB_BACKENDS, *ifindex;

	ifindex = map_lookup_elem(&lb_backends, &slot);
	if (ifindex)
		skb->mark = *ifindex;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
