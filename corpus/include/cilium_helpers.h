/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf-migrate test corpus: a vendored helpers header in the style of
 * Cilium's include/bpf/helpers.h. It uses libbpf's own include guard
 * __BPF_HELPERS__, so a later #include <bpf/bpf_helpers.h> expands to
 * nothing, and it does not define __uint, __type or __array.
 */
#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#ifndef __section
# define __section(X)		__attribute__((section(X), used))
#endif

#define __section_maps		__section("maps")

#ifndef BPF_FUNC
# define BPF_FUNC(NAME, ...)	(*NAME)(__VA_ARGS__) = (void *)BPF_FUNC_##NAME
#endif

static void *BPF_FUNC(map_lookup_elem, const void *map, const void *key);
static int BPF_FUNC(map_update_elem, const void *map, const void *key,
		    const void *value, __u32 flags);

#define PIN_NONE		0
#define PIN_OBJECT_NS		1
#define PIN_GLOBAL_NS		2

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
};

#endif /* __BPF_HELPERS__ */
