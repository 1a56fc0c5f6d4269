#include <node_config.h>
#include "lib/common.h"
#include "lib/maps.h"
#include "lib/drop.h"

__section("from-container")
int tail_handle_arp(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}

#ifdef ENABLE_IPV6
__section("from-container")
int tail_handle_ipv6(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}
#endif /* ENABLE_IPV6 */

#ifdef ENABLE_IPV4
__section("from-container")
int tail_handle_ipv4(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_DROP_NOTIFY);
	return TC_ACT_OK;
}
#endif

#ifndef SKIP_CALLS_MAP
struct CALLS_MAP_def CALLS_MAP __section(".maps") = {
	.values = {
		[CILIUM_CALL_DROP_NOTIFY] = (void *)&tail_drop_notify,
#ifdef ENABLE_ERROR_NOTIFY
		[CILIUM_CALL_ERROR_NOTIFY] = (void *)&tail_error_notify,
#endif
		[CILIUM_CALL_ARP] = (void *)&tail_handle_arp,
#ifdef ENABLE_IPV4
		[CILIUM_CALL_IPV4_FROM_LXC] = (void *)&tail_handle_ipv4,
#endif
#ifdef ENABLE_IPV6
		[CILIUM_CALL_IPV6_FROM_LXC] = (void *)&tail_handle_ipv6,
#endif
	},
};
#endif

__section("from-container")
int handle_policy(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}

struct POLICY_CALL_MAP_def POLICY_CALL_MAP __section(".maps") = {
	.values = {
		[3] = (void *)&handle_policy,
	},
};

__section("from-container")
int handle_xgress(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_IPV4_FROM_LXC);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
