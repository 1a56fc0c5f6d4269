#include "lib/jmp.h"

__section("7/0")
int cls_case_a(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section("7/1")
int cls_case_b(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section("classifier")
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_tc, skb->hash & 1);
	return TC_ACT_OK;
}

char __license[] __section("license") = "GPL";
