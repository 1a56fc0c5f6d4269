#include <node_config.h>
#include "lib/common.h"
#include "lib/maps.h"
#include "lib/nodeport.h"

#ifdef ENABLE_IPV4
__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)
int tail_handle_ipv4_overlay(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
} /* tail_handle_ipv4_overlay */
#endif

__section("from-overlay")
int from_overlay(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_IPV4_FROM_LXC);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
