#include "lib/calls.h"

__section_tail(CALLS_ID, CALL_IPV4)
int tail_ipv4(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int cls_ingress(struct __sk_buff *skb)
{
	tail_call(skb, &calls, CALL_IPV4);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
