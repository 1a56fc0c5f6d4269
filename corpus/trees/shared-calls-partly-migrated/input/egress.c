#include "lib/calls.h"

__section_tail(CALLS_ID, 2)
int tail_egress(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_cls_entry
int cls_egress(struct __sk_buff *skb)
{
	tail_call(skb, &calls, 2);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
