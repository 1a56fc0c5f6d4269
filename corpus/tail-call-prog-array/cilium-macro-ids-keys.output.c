/* SPDX-License-Identifier: GPL-2.0 */
/* Cilium-style datapath: the call map, its id and every slot are macros. */
#include "cilium_compat.h"
#include <bpf/bpf_helpers.h>

#define CILIUM_MAP_CALLS		2

#define CILIUM_CALL_DROP_NOTIFY		1
#define CILIUM_CALL_ERROR_NOTIFY	2
#define CILIUM_CALL_IPV4_FROM_LXC	7
#define CILIUM_CALL_SIZE		16

static void BPF_FUNC(tail_call, void *ctx, void *map, __u32 index);

#define ep_tail_call(ctx, NAME)	tail_call(ctx, &CALLS_MAP, NAME)

int tail_drop_notify(struct __sk_buff *ctx);
int tail_error_notify(struct __sk_buff *ctx);
int tail_handle_ipv4(struct __sk_buff *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, CILIUM_CALL_SIZE);
	__array(values, int (void *));
} CALLS_MAP __section(".maps") = {
	.values = {
		[CILIUM_CALL_DROP_NOTIFY] = (void *)&tail_drop_notify,
		[CILIUM_CALL_ERROR_NOTIFY] = (void *)&tail_error_notify,
		[CILIUM_CALL_IPV4_FROM_LXC] = (void *)&tail_handle_ipv4,
	},
};

__section_entry
int tail_drop_notify(struct __sk_buff *ctx)
{
	return TC_ACT_SHOT;
}

__section_entry
int tail_error_notify(struct __sk_buff *ctx)
{
	ep_tail_call(ctx, CILIUM_CALL_DROP_NOTIFY);
	return TC_ACT_SHOT;
}

__section_entry
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
