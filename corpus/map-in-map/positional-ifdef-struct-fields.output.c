/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vendored struct bpf_elf_map has inner_id/inner_idx only under
 * #ifdef SOCKMAP, and the file defines SOCKMAP before including it: the
 * nine positional values are the nine fields of that build.
 */
#define SOCKMAP
#include "cilium_compat.h"
#include <bpf/bpf_helpers.h>

#define INNER_ID	3

struct sock_inner_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} sock_inner __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 1);
	__array(values, struct sock_inner_def);
} sock_outer __section(".maps") = {
	.values = {
		[0] = &sock_inner,
	},
};

__section_entry
int from_sock(struct __sk_buff *ctx)
{
	__u32 zero = 0;

	return map_lookup_elem(&sock_outer, &zero) ? TC_ACT_OK : TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
