/* The run names this object only: egress.c shares lib/calls.h and would lose its slot. */
#include "lib/calls.h"

__section_tail(CALLS_ID, 1)
int tail_ingress(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int cls_ingress(struct __sk_buff *skb)
{
	tail_call(skb, &calls, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
