/* SPDX-License-Identifier: GPL-2.0 */
/* Port dispatch: the entry classifier tail-calls one handler per protocol. */
#include "bpf_api.h"

#define JMP_MAP_ID	1
#define JMP_MAX		4

enum {
	JMP_TCP,
	JMP_UDP,
};

struct bpf_elf_map __section_maps jmp_proto = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_MAP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= JMP_MAX,
};

__section_tail(JMP_MAP_ID, 0)
int cls_tcp(struct __sk_buff *skb)
{
	printt("tcp packet, len %u\n", skb->len);
	return TC_ACT_OK;
}

__section_tail(JMP_MAP_ID, 1)
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
