/* SPDX-License-Identifier: GPL-2.0 */
/* Port dispatch: the entry classifier tail-calls one handler per protocol. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define JMP_MAP_ID	1
#define JMP_MAX		4

enum {
	JMP_TCP,
	JMP_UDP,
};

int cls_tcp(struct __sk_buff *skb);
int cls_udp(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, JMP_MAX);
	__array(values, int (void *));
} jmp_proto __section(".maps") = {
	.values = {
		[0] = (void *)&cls_tcp,
		[1] = (void *)&cls_udp,
	},
};

__section_cls_entry
int cls_tcp(struct __sk_buff *skb)
{
	printt("tcp packet, len %u\n", skb->len);
	return TC_ACT_OK;
}

__section_cls_entry
int cls_udp(struct __sk_buff *skb)
{
	printt("udp packet, len %u\n", skb->len);
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	__u8 proto = 0;

	if (skb_load_bytes(skb, 14 + 9, &proto, sizeof(proto)) < 0)
		return TC_ACT_OK;

	if (proto == 6)
		tail_call(skb, &jmp_proto, JMP_TCP);
	else if (proto == 17)
		tail_call(skb, &jmp_proto, JMP_UDP);

	/* slot empty or not TCP/UDP */
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
