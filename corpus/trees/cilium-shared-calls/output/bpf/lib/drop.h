#ifndef __LIB_DROP_H_
#define __LIB_DROP_H_

#include "common.h"

__section("from-netdev")
int tail_drop_notify(struct __sk_buff *ctx)
{
	ctx->mark = 0xd0;
	return TC_ACT_SHOT;
}

#ifdef ENABLE_ERROR_NOTIFY
__section("from-netdev")
int tail_error_notify(struct __sk_buff *ctx)
{
	return TC_ACT_SHOT;
}
#endif

#endif /* __LIB_DROP_H_ */
