/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf-migrate test corpus (beside the case that includes it, not in include/,
 * since it stays legacy): a header holding a tail-call program, in the
 * style of Cilium's lib/drop.h. Every object that includes it gets the
 * program, and with it a slot in its own prog array of that id.
 */
#ifndef __CORPUS_SHARED_TAIL_PROGRAM_H
#define __CORPUS_SHARED_TAIL_PROGRAM_H

__section_tail(CALLS_MAP_ID, CALL_DROP_NOTIFY)
int tail_drop_notify(struct __sk_buff *skb)
{
	skb->mark = 0xd0;
	return TC_ACT_SHOT;
}

#endif
