/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A build-time configuration header that exists only in some builds,
 * pulled in through __has_include. bpf-migrate cannot find it, so it cannot
 * tell whether it defines __uint and __type: it writes guarded definitions
 * (#ifndef __uint), which give way to the header's own, and warns
 * (unresolvedInclude).
 */
#include "bpf_api.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif
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
