/*
 * A shared jump table in the style of early tc examples: its type written as a number
 * (3, the kernel's program array), so no header spells the type's name, and the programs
 * that fill it put themselves in raw "ID/KEY" sections.
 */
#ifndef __JMP_H
#define __JMP_H

#include "api.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

#define JMP_MAP_ID	7

struct jmp_tc_def {
	__uint(type, 3);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 2);
	__array(values, int (void *));
} jmp_tc __section(".maps");

#endif /* __JMP_H */
