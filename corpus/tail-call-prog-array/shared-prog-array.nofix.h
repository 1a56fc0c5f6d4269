/* bpf-migrate-expect: tail-call-prog-array/sharedProgArray error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A header's prog array with an id and none of its programs: the objects
 * that include it fill it with their own __section_tail(5, KEY) programs,
 * so a static initializer cannot be written here (sharedProgArray).
 */
#ifndef __POLICY_CALLS_H
#define __POLICY_CALLS_H

#include "bpf_api.h"

struct bpf_elf_map __section_maps policy_calls = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= 5,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 256,
};

#endif /* __POLICY_CALLS_H */
