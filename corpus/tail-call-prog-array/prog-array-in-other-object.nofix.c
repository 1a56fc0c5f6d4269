/* bpf-migrate-expect: tail-call-prog-array/noProgArray warning */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cilium-style split: cilium_calls is declared and pinned by the main
 * datapath object; this object only adds a handler to slot
 * CILIUM_CALL_NAT4. No prog array with that id here, so tc would skip the
 * section, and the program keeps its legacy section.
 */
#include "cilium_compat.h"

#define CILIUM_MAP_CALLS	2
#define CILIUM_CALL_NAT4	12

__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_NAT4)
int tail_nat4(struct __sk_buff *ctx)
{
	if (ctx->protocol != __constant_htons(ETH_P_IP))
		return TC_ACT_SHOT;
	ctx->mark = 0xa00;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
