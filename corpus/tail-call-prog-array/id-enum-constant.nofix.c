/* bpf-migrate-expect: tail-call-prog-array/idUnknown error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The prog array's .id is an enum constant. The compiler knows its value,
 * but bpf-migrate evaluates only literals and #defines, so it cannot tell
 * which "ID/KEY" sections belong to this map: the map stays as it is.
 * (The tail-call program uses the number the enum stands for.)
 */
#include "bpf_api.h"

enum jmp_map_ids {
	JMP_MAP_NONE,
	JMP_MAP_PROTO,
};

#define JMP_MAX		4

struct bpf_elf_map __section_maps jmp_proto = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_MAP_PROTO,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= JMP_MAX,
};

__section_tail(1, 0)
int cls_tcp(struct __sk_buff *skb)
{
	printt("tcp packet, len %u\n", skb->len);
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	__u8 proto = 0;

	if (skb_load_bytes(skb, 14 + 9, &proto, sizeof(proto)) < 0)
		return TC_ACT_OK;
	if (proto == 6)
		tail_call(skb, &jmp_proto, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
