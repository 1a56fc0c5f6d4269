/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: a macro-heavy project header in the style of
 * Cilium's bpf/include tree (written for the corpus). Section attributes
 * come through wrapper macros, map names are macros, and the project's own
 * copy of struct bpf_elf_map has the map-in-map fields only under #ifdef.
 */
#ifndef __CILIUM_COMPAT_H
#define __CILIUM_COMPAT_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>

#ifndef __stringify
# define __stringify_1(X) #X
# define __stringify(X) __stringify_1(X)
#endif

#ifndef __section
# define __section(X) __attribute__((section(X), used))
#endif
#define __section_maps		__section("maps")
#define __section_tail(ID, KEY)	__section(__stringify(ID) "/" __stringify(KEY))
#define __section_entry		__section("classifier")

/* Wrapper macros the datapath uses instead of the raw spellings. */
#define __maps_section		__section_maps
#define __pinned_map		__maps_section

#ifndef NULL
# define NULL ((void *)0)
#endif
#ifndef __always_inline
# define __always_inline inline __attribute__((always_inline))
#endif
#ifndef likely
# define likely(X)		__builtin_expect(!!(X), 1)
#endif
#ifndef unlikely
# define unlikely(X)		__builtin_expect(!!(X), 0)
#endif

/* Map names, versioned so that upgrades do not reuse a pinned map. */
#define CALLS_MAP		cilium_calls_test
#define METRICS_MAP		cilium_metrics
#define POLICY_MAP		cilium_policy_test
#define LB4_SERVICES_MAP	cilium_lb4_services_v2
#define LB4_BACKEND_MAP		cilium_lb4_backends_v2
#define EVENTS_MAP		cilium_events
#define CT_MAP_TCP4		cilium_ct4_global

#define METRICS_MAP_SIZE	1024
#define POLICY_MAP_SIZE		16384
#define CILIUM_LB_MAP_MAX_ENTRIES	65536
#define CT_MAP_SIZE_TCP		(1 << 19)

#ifdef PREALLOCATE_MAPS
# define CONDITIONAL_PREALLOC	0
#else
# define CONDITIONAL_PREALLOC	BPF_F_NO_PREALLOC
#endif

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
#ifdef SOCKMAP
	__u32 inner_id;
	__u32 inner_idx;
#endif
};

#ifndef BPF_FUNC
# define BPF_FUNC(NAME, ...)						\
	(*NAME)(__VA_ARGS__) __attribute__((unused)) = (void *)BPF_FUNC_##NAME
#endif

static void *BPF_FUNC(map_lookup_elem, const void *map, const void *key);
static int BPF_FUNC(map_update_elem, const void *map, const void *key,
		    const void *value, __u32 flags);
static int BPF_FUNC(map_delete_elem, const void *map, const void *key);
static __u64 BPF_FUNC(ktime_get_ns);
static int BPF_FUNC(perf_event_output, void *ctx, void *map,
		    __u64 index, const void *data, __u32 size);

#define BPF_LICENSE(NAME) char ____license[] __section("license") = NAME

/* Shared datapath types. */
struct metrics_key {
	__u8	reason;
	__u8	dir;
	__u16	reserved[3];
};

struct metrics_value {
	__u64	count;
	__u64	bytes;
};

struct policy_key {
	__u32	sec_label;
	__u16	dport;
	__u8	protocol;
	__u8	egress;
};

struct policy_entry {
	__be16	proxy_port;
	__u8	deny;
	__u8	pad;
	__u32	pad2;
	__u64	packets;
	__u64	bytes;
};

struct lb4_key {
	__be32	address;
	__be16	dport;
	__u16	backend_slot;
	__u8	proto;
	__u8	scope;
	__u8	pad[2];
};

struct lb4_service {
	__u32	backend_id;
	__u16	count;
	__u16	rev_nat_index;
	__u8	flags;
	__u8	pad[3];
};

struct lb4_backend {
	__be32	address;
	__be16	port;
	__u8	proto;
	__u8	flags;
};

struct ipv4_ct_tuple {
	__be32	daddr;
	__be32	saddr;
	__be16	dport;
	__be16	sport;
	__u8	nexthdr;
	__u8	flags;
};

struct ct_entry {
	__u64	rx_packets;
	__u64	rx_bytes;
	__u64	tx_packets;
	__u64	tx_bytes;
	__u32	lifetime;
	__u16	rev_nat_index;
	__u16	flags;
};

#endif /* __CILIUM_COMPAT_H */
