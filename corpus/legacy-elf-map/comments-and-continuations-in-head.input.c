/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Heads with a comment between struct and its tag, a comment between `=`
 * and the brace, a line continuation, and a section name split into two
 * string literals: the same maps as the plain spelling.
 */
#include "bpf_api.h"

struct /* legacy */ bpf_elf_map __section("maps") m_a = {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1,
};

struct bpf_elf_map __section("maps") m_b = /* init */ {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 2,
};

struct bpf_elf_map \
	__section("maps") m_c = {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 3,
};

struct bpf_elf_map __section("ma" "ps") m_e = {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 5,
};

__section_cls_entry
int cls_all(struct __sk_buff *skb)
{
	int k = 0;

	return map_lookup_elem(&m_a, &k) && map_lookup_elem(&m_b, &k) &&
	       map_lookup_elem(&m_c, &k) && map_lookup_elem(&m_e, &k);
}

BPF_LICENSE("GPL");
