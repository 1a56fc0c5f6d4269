// SPDX-License-Identifier: GPL-2.0
/* An endpoint's program, in the shape of Cilium's bpf/bpf_lxc.c (2020). */

#include <bpf/ctx/skb.h>
#include <bpf/api.h>

#include <ep_config.h>
#include <node_config.h>

#include "lib/common.h"
#include "lib/policy.h"

struct bpf_elf_map __section_maps POLICY_MAP = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct policy_key),
	.size_value	= sizeof(struct policy_entry),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= POLICY_MAP_SIZE,
	.flags		= BPF_F_NO_PREALLOC,
};

struct bpf_elf_map __section_maps CALLS_MAP = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= CILIUM_MAP_CALLS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= CILIUM_CALL_SIZE,
};

#ifdef ENABLE_IPV4
__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)
int tail_handle_ipv4(struct __ctx_buff *ctx)
{
	return policy_can_access(&POLICY_MAP, ctx);
}
#endif /* ENABLE_IPV4 */

#ifdef ENABLE_IPV6
__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV6_FROM_LXC)
int tail_handle_ipv6(struct __ctx_buff *ctx)
{
	return policy_can_access(&POLICY_MAP, ctx);
}
#endif /* ENABLE_IPV6 */

__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_DROP_NOTIFY)
int tail_drop_notify(struct __ctx_buff *ctx)
{
	return CTX_ACT_DROP;
}

__section("from-container")
int handle_xgress(struct __ctx_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_IPV4_FROM_LXC);
	return CTX_ACT_DROP;
}

BPF_LICENSE("GPL");
