/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LIB_POLICY_H_
#define __LIB_POLICY_H_

#include "common.h"

static __always_inline int policy_can_access(void *map, struct __ctx_buff *ctx)
{
	struct policy_key key = {};

	return map_lookup_elem(map, &key) ? CTX_ACT_OK : CTX_ACT_DROP;
}

#endif /* __LIB_POLICY_H_ */
