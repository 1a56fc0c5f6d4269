/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf-migrate test corpus: a project header that wraps the legacy map
 * declaration in macros and a typedef, so that the files using it never
 * spell struct bpf_elf_map themselves.
 */
#ifndef __CORPUS_MAP_MACROS_H
#define __CORPUS_MAP_MACROS_H

#include "bpf_api.h"

typedef struct bpf_elf_map tc_map_t;

/* MAP(name, .type = ..., ...): the fields as designated initializers. */
#define MAP(name, ...) \
	struct bpf_elf_map __section_maps name = { __VA_ARGS__ }

#define DEFINE_MAP(_name, _type, _key, _val, _max, _pin)	\
	struct bpf_elf_map __section_maps _name = {		\
		.type		= _type,			\
		.size_key	= sizeof(_key),			\
		.size_value	= sizeof(_val),			\
		.max_elem	= _max,				\
		.pinning	= _pin,				\
	}

#endif /* __CORPUS_MAP_MACROS_H */
