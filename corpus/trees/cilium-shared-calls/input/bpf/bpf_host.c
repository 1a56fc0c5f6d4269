#include <node_config.h>
#include "lib/common.h"
#include "lib/maps.h"
#include "lib/drop.h"
#include "lib/nodeport.h"

#define CILIUM_CALL_HOST_FW	15

#ifdef ENABLE_HOST_FIREWALL
__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_HOST_FW)
int tail_host_fw(struct __sk_buff *ctx)
{
	return TC_ACT_OK;
}
#endif

__section("from-netdev")
int from_netdev(struct __sk_buff *ctx)
{
	tail_call(ctx, &CALLS_MAP, CILIUM_CALL_NODEPORT);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
