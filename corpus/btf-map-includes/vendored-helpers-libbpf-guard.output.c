/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendored helpers header uses libbpf's include guard __BPF_HELPERS__:
 * an added #include <bpf/bpf_helpers.h> would expand to nothing, so the
 * file gets the guarded definitions instead (guardCollision).
 */
#include "cilium_helpers.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

struct sock_key {
	__u32	sip4;
	__u32	dip4;
	__u32	sport;
	__u32	dport;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct sock_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 65535);
} sock_ops_map __section(".maps");

__section("classifier")
int sock_lookup(struct __sk_buff *skb)
{
	struct sock_key key = { .sip4 = skb->mark, .dip4 = skb->hash };

	return map_lookup_elem(&sock_ops_map, &key) ? TC_ACT_OK : TC_ACT_SHOT;
}

char __license[] __section("license") = "GPL";
