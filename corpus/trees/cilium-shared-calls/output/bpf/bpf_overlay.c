#include <node_config.h>
#include "lib/common.h"
#include "lib/maps.h"
#include "lib/nodeport.h"

#ifdef ENABLE_IPV4
__section("from-overlay")
int tail_handle_ipv4_overlay(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
} /* tail_handle_ipv4_overlay */
#endif

#ifndef SKIP_CALLS_MAP
struct CALLS_MAP_def CALLS_MAP __section(".maps") = {
	.values = {
#ifdef ENABLE_IPV4
		[CILIUM_CALL_IPV4_FROM_LXC] = (void *)&tail_handle_ipv4_overlay,
#endif
#ifdef ENABLE_NODEPORT
		[CILIUM_CALL_NODEPORT] = (void *)&tail_nodeport_rev_nat,
#endif
	},
};
#endif

__section("from-overlay")
int from_overlay(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_IPV4_FROM_LXC);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
