/* bpf-migrate-expect: tail-call-prog-array/idUnknown error */
/* The first prog array has an .id the tool cannot evaluate (an enum constant); it might be
 * the "first PROG_ARRAY with id 1" the legacy loader fills, so neither array may change. */
#include "bpf_api.h"

enum { JMP_MAP_PROTO = 1 };

struct bpf_elf_map __section_maps jmp_proto = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_MAP_PROTO,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
};

struct bpf_elf_map __section_maps jmp_other = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
};

__section_tail(1, 0)
int cls_tcp(struct __sk_buff *skb)
{
	skb->mark = 6;
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_proto, 0);
	tail_call(skb, &jmp_other, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
