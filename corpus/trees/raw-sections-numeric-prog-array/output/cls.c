#include "lib/jmp.h"

__section("classifier")
int cls_case_a(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section("classifier")
int cls_case_b(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

struct jmp_tc_def jmp_tc __section(".maps") = {
	.values = {
		[0] = (void *)&cls_case_a,
		[1] = (void *)&cls_case_b,
	},
};

__section("classifier")
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_tc, skb->hash & 1);
	return TC_ACT_OK;
}

char __license[] __section("license") = "GPL";
