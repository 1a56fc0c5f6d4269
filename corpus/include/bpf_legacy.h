/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: the map definition of libbpf's legacy "maps"
 * section (samples/bpf, libbpf before 1.0). libbpf 1.x headers no longer
 * declare it, so projects that still use it carry their own copy like this.
 * Nothing else lives here: files include <bpf/bpf_helpers.h> for SEC() and
 * the helpers.
 */
#ifndef __CORPUS_BPF_LEGACY_H
#define __CORPUS_BPF_LEGACY_H

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
	unsigned int inner_map_idx;
	unsigned int numa_node;
};

#endif /* __CORPUS_BPF_LEGACY_H */
