/* bpf-migrate-expect: legacy-elf-map/unreadableInitializer error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Legacy maps bpf-migrate does not read: a name built by a function-like
 * macro, an array of maps, and a declaration head split by #ifdef. Each is
 * an error rather than passing unseen: the object would keep section
 * "maps", which libbpf 1.x refuses.
 */
#include "bpf_api.h"

#define MAP(n) map_##n

struct bpf_elf_map __section("maps") MAP(d) = {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 4,
};

struct bpf_elf_map __section("maps") m_vec[2] = {
	{ .type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1 },
	{ .type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 2 },
};

#ifdef BIG
struct bpf_elf_map __section("maps") m_f = {
	.max_elem = 65536,
#else
struct bpf_elf_map __section("maps") m_f = {
	.max_elem = 1024,
#endif
	.type = BPF_MAP_TYPE_HASH, .size_key = 4, .size_value = 4,
};

__section_cls_entry
int cls_none(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
