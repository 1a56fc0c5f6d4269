/* In the style of Open vSwitch's eBPF datapath: a project macro __section_tail(INDEX) of one argument, static programs. */
#include "maps.h"

__section_tail(PARSER_CALL)
static int ovs_parser(struct __sk_buff *skb) {
    return TC_ACT_OK;
}

__section_tail(LOOKUP_CALL)
static int ovs_lookup(struct __sk_buff *skb) {
    return TC_ACT_OK;
}

__section("ingress")
static int to_ovs(struct __sk_buff *skb) {
    tail_call(skb, &tailcalls, PARSER_CALL);
    return TC_ACT_OK;
}
BPF_LICENSE("GPL");
