/* bpf-migrate-expect: legacy-elf-map/unknownField error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The project carries its own copy of struct bpf_elf_map with an extra
 * field that its private loader reads. .trace_mode has no BTF counterpart.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#define __section(NAME)	__attribute__((section(NAME), used))

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
	__u32 trace_mode;
};

static void *(*map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;

struct bpf_elf_map __section("maps") trace_cfg = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.pinning	= PIN_GLOBAL_NS,
	.trace_mode	= 1,
};

__section("classifier")
int cls_trace(struct __sk_buff *skb)
{
	__u32 zero = 0, *cfg;

	cfg = map_lookup_elem(&trace_cfg, &zero);
	if (cfg && *cfg)
		skb->mark = *cfg;
	return TC_ACT_OK;
}

char __license[] __section("license") = "GPL";
