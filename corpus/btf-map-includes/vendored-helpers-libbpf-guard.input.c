/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendored helpers header uses libbpf's include guard __BPF_HELPERS__:
 * an added #include <bpf/bpf_helpers.h> would expand to nothing, so the
 * file gets the guarded definitions instead (guardCollision).
 */
#include "cilium_helpers.h"

struct sock_key {
	__u32	sip4;
	__u32	dip4;
	__u32	sport;
	__u32	dport;
};

struct bpf_elf_map __section_maps sock_ops_map = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct sock_key),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 65535,
};

__section("classifier")
int sock_lookup(struct __sk_buff *skb)
{
	struct sock_key key = { .sip4 = skb->mark, .dip4 = skb->hash };

	return map_lookup_elem(&sock_ops_map, &key) ? TC_ACT_OK : TC_ACT_SHOT;
}

char __license[] __section("license") = "GPL";
