#include <node_config.h>
#include "lib/common.h"
#include "lib/maps.h"
#include "lib/drop.h"

__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_ARP)
int tail_handle_arp(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}

#ifdef ENABLE_IPV6
__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV6_FROM_LXC)
int tail_handle_ipv6(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}
#endif /* ENABLE_IPV6 */

#ifdef ENABLE_IPV4
__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)
int tail_handle_ipv4(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_DROP_NOTIFY);
	return TC_ACT_OK;
}
#endif

__section_tail(CILIUM_MAP_POLICY, 3)
int handle_policy(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}

__section("from-container")
int handle_xgress(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_IPV4_FROM_LXC);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
