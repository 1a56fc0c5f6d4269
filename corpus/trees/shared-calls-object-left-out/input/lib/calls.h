#ifndef __LIB_CALLS_H_
#define __LIB_CALLS_H_

#include <bpf_api.h>

#define CALLS_ID	2

/* Filled by every object that includes this header: ingress.c and egress.c. */
struct bpf_elf_map __section_maps calls = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= CALLS_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 8,
};

#endif /* __LIB_CALLS_H_ */
