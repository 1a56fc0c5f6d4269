/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: a small header in the style of the bpf_api.h that
 * iproute2 ships for tc programs, OLD flavour (as vendored by many projects
 * before late 2020). It does NOT define __uint, __type, __array, SEC or
 * enum libbpf_pin_type, so migrated files that include it need
 * <bpf/bpf_helpers.h> as well; the two coexist in either order.
 *
 * Written for the corpus; only the facts (struct layout, section names,
 * pinning values) follow iproute2.
 */
#ifndef __CORPUS_BPF_API_H
#define __CORPUS_BPF_API_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

/* ---- compiler bits ---- */

#ifndef __inline
# define __inline inline __attribute__((always_inline))
#endif

#ifndef __maybe_unused
# define __maybe_unused __attribute__((__unused__))
#endif

#ifndef likely
# define likely(X) __builtin_expect(!!(X), 1)
#endif

#ifndef unlikely
# define unlikely(X) __builtin_expect(!!(X), 0)
#endif

#ifndef __api_str
# define __api_str_(X) #X
# define __api_str(X) __api_str_(X)
#endif

/* ---- ELF sections read by tc's legacy loader ---- */

#ifndef __section
# define __section(NAME) __attribute__((section(NAME), used))
#endif

#ifndef __section_maps
# define __section_maps __section("maps")
#endif

#ifndef __section_tail
# define __section_tail(ID, KEY) __section(__api_str(ID) "/" __api_str(KEY))
#endif

#ifndef __section_cls_entry
# define __section_cls_entry __section("classifier")
#endif

#ifndef __section_act_entry
# define __section_act_entry __section("action")
#endif

#ifndef __section_xdp_entry
# define __section_xdp_entry __section("prog")
#endif

#ifndef __section_license
# define __section_license __section("license")
#endif

#ifndef BPF_LICENSE
# define BPF_LICENSE(NAME) char ____license[] __section_license = NAME
#endif

/* ---- map declarations (the tc "maps" section) ---- */

#define PIN_NONE	0
#define PIN_OBJECT_NS	1
#define PIN_GLOBAL_NS	2

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};

/* Map declarations through macros, as iproute2's examples write them
 * (BPF_PROG_ARRAY(jmp_tc, JMP_MAP_ID, PIN_OBJECT_NS, 1);). */
#ifndef __BPF_MAP
# define __BPF_MAP(NAME, TYPE, ID, SIZE_KEY, SIZE_VALUE, PIN, MAX_ELEM)	\
	struct bpf_elf_map __section_maps NAME = {			\
		.type		= (TYPE),				\
		.id		= (ID),					\
		.size_key	= (SIZE_KEY),				\
		.size_value	= (SIZE_VALUE),				\
		.pinning	= (PIN),				\
		.max_elem	= (MAX_ELEM),				\
	}
#endif

#ifndef BPF_HASH
# define BPF_HASH(NAME, ID, SIZE_KEY, SIZE_VALUE, PIN, MAX_ELEM)		\
	__BPF_MAP(NAME, BPF_MAP_TYPE_HASH, ID, SIZE_KEY, SIZE_VALUE,	\
		  PIN, MAX_ELEM)
#endif

#ifndef BPF_ARRAY
# define BPF_ARRAY(NAME, ID, SIZE_VALUE, PIN, MAX_ELEM)			\
	__BPF_MAP(NAME, BPF_MAP_TYPE_ARRAY, ID, sizeof(__u32),		\
		  SIZE_VALUE, PIN, MAX_ELEM)
#endif

#ifndef BPF_ARRAY4
# define BPF_ARRAY4(NAME, ID, PIN, MAX_ELEM)				\
	BPF_ARRAY(NAME, ID, sizeof(__u32), PIN, MAX_ELEM)
#endif

#ifndef BPF_PROG_ARRAY
# define BPF_PROG_ARRAY(NAME, ID, PIN, MAX_ELEM)				\
	__BPF_MAP(NAME, BPF_MAP_TYPE_PROG_ARRAY, ID, sizeof(__u32),	\
		  sizeof(__u32), PIN, MAX_ELEM)
#endif

/* Carries the key and value types of map NAME in BTF, nothing else. */
#define BPF_ANNOTATE_KV_PAIR(NAME, KTYPE, VTYPE)			\
	struct ____btf_map_##NAME {					\
		KTYPE key;						\
		VTYPE value;						\
	};								\
	struct ____btf_map_##NAME					\
		__attribute__((section(".maps." #NAME), used))		\
		____btf_map_##NAME = { }

/* ---- helpers, called through their id; no bpf_ prefix so that
 * <bpf/bpf_helper_defs.h> can be included next to this header ---- */

#ifndef BPF_FUNC
# define BPF_FUNC(NAME, ...)						\
	(*NAME)(__VA_ARGS__) __attribute__((unused)) = (void *)BPF_FUNC_##NAME
#endif

static void *BPF_FUNC(map_lookup_elem, void *map, const void *key);
static int BPF_FUNC(map_update_elem, void *map, const void *key,
		    const void *value, __u64 flags);
static int BPF_FUNC(map_delete_elem, void *map, const void *key);
static void BPF_FUNC(tail_call, void *ctx, void *map, __u32 index);
static int BPF_FUNC(trace_printk, const char *fmt, __u32 fmt_size, ...);
static __u64 BPF_FUNC(ktime_get_ns);
static __u32 BPF_FUNC(get_smp_processor_id);
static __u32 BPF_FUNC(get_prandom_u32);
static int BPF_FUNC(skb_load_bytes, const struct __sk_buff *skb, __u32 off,
		    void *to, __u32 len);
static int BPF_FUNC(perf_event_output, void *ctx, void *map, __u64 index,
		    const void *data, __u32 size);
static int BPF_FUNC(redirect_map, void *map, __u32 key, __u64 flags);

#ifndef printt
# define printt(fmt, ...)						\
	({								\
		const char ____fmt[] = fmt;				\
		trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__);	\
	})
#endif

#endif /* __CORPUS_BPF_API_H */
