/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: an old vendored copy of the tc map definition,
 * as found in old Android trees: six fields, no .flags and no map-in-map
 * fields. Positional initializers that use it follow THIS field order.
 */
#ifndef __CORPUS_ANDROID_BPF_ELF_H
#define __CORPUS_ANDROID_BPF_ELF_H

#include <linux/types.h>

#define PIN_NONE	0
#define PIN_OBJECT_NS	1
#define PIN_GLOBAL_NS	2

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 id;
	__u32 pinning;
};

#endif /* __CORPUS_ANDROID_BPF_ELF_H */
