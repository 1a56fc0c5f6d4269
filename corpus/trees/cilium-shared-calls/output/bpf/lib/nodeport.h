#ifndef __NODEPORT_H_
#define __NODEPORT_H_

#include "common.h"

#ifdef ENABLE_NODEPORT
/* Reverse NAT for replies from a backend, shared by the host and overlay objects. */
__section("from-netdev")
int tail_nodeport_rev_nat(struct __sk_buff *ctx)
{
	ctx->mark = 0x4e;
	return TC_ACT_OK;
}
#endif /* ENABLE_NODEPORT */

#endif /* __NODEPORT_H_ */
