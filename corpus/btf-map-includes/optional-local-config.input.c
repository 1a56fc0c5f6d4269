/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A build-time configuration header that exists only in some builds,
 * pulled in through __has_include. bpf-migrate cannot find it, so it cannot
 * tell whether it defines __uint and __type: it writes guarded definitions
 * (#ifndef __uint), which give way to the header's own, and warns
 * (unresolvedInclude).
 */
#include "bpf_api.h"
#if __has_include("lb_local_config.h")
#include "lb_local_config.h"
#endif

#ifndef LB_BACKENDS
#define LB_BACKENDS	64
#endif

struct bpf_elf_map __section_maps lb_backends = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= LB_BACKENDS,
	.pinning	= PIN_GLOBAL_NS,
};

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
