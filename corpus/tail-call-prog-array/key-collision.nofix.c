/* bpf-migrate-expect: tail-call-prog-array/keyCollision error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two handlers claim slot 1 of jmp_l4 (a copy-paste slip: ICMP should be
 * slot 2). Which one tc would install is unclear, so nothing is wired.
 */
#include "bpf_api.h"

#define JMP_L4_ID	4
#define L4_TCP		0
#define L4_UDP		1
#define L4_ICMP		1

struct bpf_elf_map __section_maps jmp_l4 = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_L4_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 3,
};

__section_tail(JMP_L4_ID, L4_TCP)
int l4_tcp(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_tail(JMP_L4_ID, L4_UDP)
int l4_udp(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_tail(JMP_L4_ID, L4_ICMP)
int l4_icmp(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

__section_cls_entry
int l4_dispatch(struct __sk_buff *skb)
{
	__u8 proto = 0;

	skb_load_bytes(skb, 14 + 9, &proto, sizeof(proto));
	if (proto == 6)
		tail_call(skb, &jmp_l4, L4_TCP);
	else if (proto == 17)
		tail_call(skb, &jmp_l4, L4_UDP);
	else if (proto == 1)
		tail_call(skb, &jmp_l4, L4_ICMP);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
