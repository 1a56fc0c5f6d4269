/* Migrated by an earlier run that left egress.c out: the header and ingress.c are BTF already. */
#include "lib/calls.h"

__section_cls_entry
int tail_ingress(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

struct calls_def calls __section(".maps") = {
	.values = {
		[1] = (void *)&tail_ingress,
	},
};

__section_cls_entry
int cls_ingress(struct __sk_buff *skb)
{
	tail_call(skb, &calls, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
