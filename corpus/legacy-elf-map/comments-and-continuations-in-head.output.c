/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Heads with a comment between struct and its tag, a comment between `=`
 * and the brace, a line continuation, and a section name split into two
 * string literals: the same maps as the plain spelling.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

/* legacy */ struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 1);
} m_a __section(".maps");

/* init */ struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 2);
} m_b __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 3);
} m_c __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 5);
} m_e __section(".maps");

__section_cls_entry
int cls_all(struct __sk_buff *skb)
{
	int k = 0;

	return map_lookup_elem(&m_a, &k) && map_lookup_elem(&m_b, &k) &&
	       map_lookup_elem(&m_c, &k) && map_lookup_elem(&m_e, &k);
}

BPF_LICENSE("GPL");
