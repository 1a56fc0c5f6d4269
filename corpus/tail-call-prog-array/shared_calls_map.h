/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf-migrate test corpus (beside the case that includes it, not in include/,
 * since it stays legacy): a prog array declared in a shared header, in the
 * style of Cilium's lib/maps.h. Its slots come from the tail-call programs
 * of each object that includes it.
 */
#ifndef __CORPUS_SHARED_CALLS_MAP_H
#define __CORPUS_SHARED_CALLS_MAP_H

#include "bpf_api.h"

#define SHARED_CALLS_ID	2

struct bpf_elf_map __section_maps shared_calls = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= SHARED_CALLS_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 16,
};

#endif
