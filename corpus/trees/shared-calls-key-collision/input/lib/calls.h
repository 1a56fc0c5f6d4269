#ifndef __LIB_CALLS_H_
#define __LIB_CALLS_H_

#include <bpf_api.h>

#define CALLS_ID	2
#define CALL_DROP	1
#define CALL_IPV4	7

struct bpf_elf_map __section_maps calls = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= CALLS_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 8,
};

/* Every object that includes this header gets the drop handler in slot CALL_DROP. */
__section_tail(CALLS_ID, CALL_DROP)
int tail_drop(struct __sk_buff *skb)
{
	return TC_ACT_SHOT;
}

#endif /* __LIB_CALLS_H_ */
