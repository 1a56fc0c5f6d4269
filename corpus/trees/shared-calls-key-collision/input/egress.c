#include "lib/calls.h"

/* Claims the slot the header's drop handler already has in this object. */
__section_tail(CALLS_ID, 1)
int tail_egress_drop(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_cls_entry
int cls_egress(struct __sk_buff *skb)
{
	tail_call(skb, &calls, CALL_DROP);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
