/* bpf-migrate-expect: tail-call-prog-array/progArrayInHeader error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The prog array is declared in a shared header and this object's
 * tail-call program fills its slot 7. Seen alone (an editor, stdin), the
 * file is refused (progArrayInHeader): its slots belong in a definition that
 * only a run over the objects including the header can write. The CLI run
 * below is such a run (this object and the header it takes along): see the
 * tree cases in corpus/trees/ for the whole-project form.
 */
#include "shared_calls_map.h"

__section_tail(SHARED_CALLS_ID, 7)
int tail_ipv4(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int from_netdev(struct __sk_buff *skb)
{
	tail_call(skb, &shared_calls, 7);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
