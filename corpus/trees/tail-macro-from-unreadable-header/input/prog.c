/* A generated header (not in the tree) defines __section_tail(INDEX): which slot each program fills cannot be read. */
#include "calls.h"
#include "generated/tail_sections.h"

__section_tail(PARSE_IPV4)
int parse_ipv4(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
