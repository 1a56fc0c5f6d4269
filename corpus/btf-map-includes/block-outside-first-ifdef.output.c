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

#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

#ifdef ENABLE_IPV6
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, 36);
	__uint(value_size, 8);
	__uint(max_entries, 65536);
} lb6_services __attribute__((section(".maps"), used));
#endif /* ENABLE_IPV6 */

#ifdef ENABLE_IPV4
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, 12);
	__uint(value_size, 8);
	__uint(max_entries, 65536);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} lb4_services __attribute__((section(".maps"), used));
#endif /* ENABLE_IPV4 */

#endif /* __LIB_LB_H_ */
