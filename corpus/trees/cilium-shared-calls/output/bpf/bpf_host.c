#include <node_config.h>
#include "lib/common.h"
#include "lib/maps.h"
#include "lib/drop.h"
#include "lib/nodeport.h"

#define CILIUM_CALL_HOST_FW	15

#ifdef ENABLE_HOST_FIREWALL
__section("from-netdev")
int tail_host_fw(struct __sk_buff *ctx)
{
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
#ifdef ENABLE_NODEPORT
		[CILIUM_CALL_NODEPORT] = (void *)&tail_nodeport_rev_nat,
#endif
#ifdef ENABLE_HOST_FIREWALL
		[CILIUM_CALL_HOST_FW] = (void *)&tail_host_fw,
#endif
	},
};
#endif

__section("from-netdev")
int from_netdev(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_NODEPORT);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
