#include "bpf_api.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif
#define BPF_MAP_ID_TAIL_CALL 1
#define stringify(x) #x
#define xstringify(x) stringify(x)
#undef __section_tail
#define __section_tail(INDEX) __section(xstringify(BPF_MAP_ID_TAIL_CALL) "/" xstringify(INDEX))
#define PARSER_CALL 3
#define LOOKUP_CALL 4
struct tailcalls_def {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 16);
	__array(values, int (void *));
} tailcalls __section(".maps");
