/*
 * A shared jump table in the style of early tc examples: its type written as a number
 * (3, the kernel's program array), so no header spells the type's name, and the programs
 * that fill it put themselves in raw "ID/KEY" sections.
 */
#ifndef __JMP_H
#define __JMP_H

#include "api.h"

#define JMP_MAP_ID	7

struct bpf_elf_map __section("maps") jmp_tc = {
	.type		= 3,
	.id		= JMP_MAP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
};

#endif /* __JMP_H */
