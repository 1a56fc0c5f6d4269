/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A header that relies on its includer for every definition, with its maps
 * under feature #ifdefs (Cilium's lib/lb.h layout). The guarded
 * definitions go above the first #ifdef, not inside it: a build without
 * ENABLE_IPV6 still needs them for the IPv4 map.
 */
#ifndef __LIB_LB_H_
#define __LIB_LB_H_

/* As the includer would have it: IPv4 only. */
#define ENABLE_IPV4
#define BPF_MAP_TYPE_HASH	1
struct bpf_elf_map {
	unsigned int type, size_key, size_value, max_elem, flags, id, pinning;
};

#ifdef ENABLE_IPV6
struct bpf_elf_map __attribute__((section("maps"), used)) lb6_services = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= 36,
	.size_value	= 8,
	.max_elem	= 65536,
};
#endif /* ENABLE_IPV6 */

#ifdef ENABLE_IPV4
struct bpf_elf_map __attribute__((section("maps"), used)) lb4_services = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= 12,
	.size_value	= 8,
	.max_elem	= 65536,
	.pinning	= 2,
};
#endif /* ENABLE_IPV4 */

#endif /* __LIB_LB_H_ */
