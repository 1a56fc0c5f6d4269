/* bpf-migrate-expect: legacy-elf-map/nestedDesignator error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vendored copy of struct bpf_elf_map that groups the map-in-map fields
 * in a nested struct (same nine __u32 in the same order, so the legacy
 * loader reads it as usual). The designator .inner.idx is not a plain
 * field name: bpf-migrate does not guess which legacy field it stands for.
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
	struct {
		__u32 id;
		__u32 idx;
	} inner;
};

static void *(*map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;

struct bpf_elf_map __section("maps") vlan_map = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4096,
	.pinning	= PIN_GLOBAL_NS,
	.inner.idx	= 0,
};

__section("classifier")
int cls_vlan(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex, *vlan;

	vlan = map_lookup_elem(&vlan_map, &ifindex);
	if (vlan)
		skb->mark = *vlan;
	return TC_ACT_OK;
}

char __license[] __section("license") = "GPL";
