/* bpf-migrate-expect: tail-call-prog-array/headerProgram error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One of the programs that fill this prog array comes from an included
 * header. Seen alone (an editor, stdin), the file is refused (headerProgram):
 * the program's section must change in the header, which other objects
 * share. A CLI run over the object (below) decides for every includer.
 */
#include "bpf_api.h"

#define CALLS_MAP_ID		2
#define CALL_DROP_NOTIFY	1
#define CALL_IPV4		7

struct bpf_elf_map __section_maps lxc_calls = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= CALLS_MAP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 16,
};

#include "shared_tail_program.h"

__section_tail(CALLS_MAP_ID, CALL_IPV4)
int tail_ipv4(struct __sk_buff *skb)
{
	tail_call(skb, &lxc_calls, CALL_DROP_NOTIFY);
	return TC_ACT_OK;
}

__section_cls_entry
int from_container(struct __sk_buff *skb)
{
	tail_call(skb, &lxc_calls, CALL_IPV4);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
