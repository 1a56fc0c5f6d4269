/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendored struct bpf_elf_map has inner_id/inner_idx only under
 * #ifdef SOCKMAP, and the file defines SOCKMAP before including it: the
 * nine positional values are the nine fields of that build.
 */
#define SOCKMAP
#include "cilium_compat.h"

#define INNER_ID	3

struct bpf_elf_map __section_maps sock_inner = {
	BPF_MAP_TYPE_ARRAY, sizeof(__u32), sizeof(__u32), 1, 0, INNER_ID, PIN_NONE, 0, 0,
};

struct bpf_elf_map __section_maps sock_outer = {
	BPF_MAP_TYPE_ARRAY_OF_MAPS, sizeof(__u32), sizeof(__u32), 1, 0, 0, PIN_NONE, INNER_ID, 0,
};

__section_entry
int from_sock(struct __sk_buff *ctx)
{
	__u32 zero = 0;

	return map_lookup_elem(&sock_outer, &zero) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
