/* SPDX-License-Identifier: GPL-2.0 */
/* Cilium-style datapath: the call map, its id and every slot are macros. */
#include "cilium_compat.h"

#define CILIUM_MAP_CALLS		2

#define CILIUM_CALL_DROP_NOTIFY		1
#define CILIUM_CALL_ERROR_NOTIFY	2
#define CILIUM_CALL_IPV4_FROM_LXC	7
#define CILIUM_CALL_SIZE		16

static void BPF_FUNC(tail_call, void *ctx, void *map, __u32 index);

#define ep_tail_call(ctx, NAME)	tail_call(ctx, &CALLS_MAP, NAME)

struct bpf_elf_map __section_maps CALLS_MAP = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= CILIUM_MAP_CALLS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= CILIUM_CALL_SIZE,
};

__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_DROP_NOTIFY)
int tail_drop_notify(struct __sk_buff *ctx)
{
	return TC_ACT_SHOT;
}

__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_ERROR_NOTIFY)
int tail_error_notify(struct __sk_buff *ctx)
{
	ep_tail_call(ctx, CILIUM_CALL_DROP_NOTIFY);
	return TC_ACT_SHOT;
}

__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)
int tail_handle_ipv4(struct __sk_buff *ctx)
{
	if (ctx->len < sizeof(struct ethhdr) + sizeof(struct iphdr))
		ep_tail_call(ctx, CILIUM_CALL_ERROR_NOTIFY);
	return TC_ACT_OK;
}

__section_entry
int from_container(struct __sk_buff *ctx)
{
	switch (ctx->protocol) {
	case __constant_htons(ETH_P_IP):
		ep_tail_call(ctx, CILIUM_CALL_IPV4_FROM_LXC);
		break;
	default:
		break;
	}
	ep_tail_call(ctx, CILIUM_CALL_DROP_NOTIFY);
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
