#include "bpf_api.h"
#define BPF_MAP_ID_TAIL_CALL 1
#define stringify(x) #x
#define xstringify(x) stringify(x)
#undef __section_tail
#define __section_tail(INDEX) __section(xstringify(BPF_MAP_ID_TAIL_CALL) "/" xstringify(INDEX))
#define PARSER_CALL 3
#define LOOKUP_CALL 4
struct bpf_elf_map __section_maps tailcalls = {
	.type = BPF_MAP_TYPE_PROG_ARRAY,
	.id = BPF_MAP_ID_TAIL_CALL,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u32),
	.max_elem = 16,
};
