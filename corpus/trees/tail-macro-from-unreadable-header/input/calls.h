/* The prog array of the object; its tail-call programs use a section macro from the build's headers. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 1,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 8,
};
