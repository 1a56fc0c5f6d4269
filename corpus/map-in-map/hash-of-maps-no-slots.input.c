/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maglev lookup tables in the style of Cilium 1.9: a HASH_OF_MAPS keyed by
 * the 16-bit reverse-NAT index, whose template has .inner_idx = -1, so the
 * legacy loader puts no map into it (the agent does, at run time). Static
 * slots would need a 4-byte key; with none to write, the key stays 16-bit.
 */
#include "bpf_api.h"

#define CILIUM_MAP_MAGLEV4	15
#define NO_PREPOPULATE		-1
#define LB_MAGLEV_LUT_SIZE	251

struct bpf_elf_map __section_maps lb4_maglev_inner = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32) * LB_MAGLEV_LUT_SIZE,
	.pinning	= PIN_NONE,
	.max_elem	= 1,
	.inner_idx	= NO_PREPOPULATE,
	.id		= CILIUM_MAP_MAGLEV4,
};

struct bpf_elf_map __section_maps lb4_maglev = {
	.type		= BPF_MAP_TYPE_HASH_OF_MAPS,
	.size_key	= sizeof(__u16),	/* rev NAT index */
	.size_value	= sizeof(__u32),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= 65536,
	.inner_id	= CILIUM_MAP_MAGLEV4,
};

__section_cls_entry
int cls_maglev(struct __sk_buff *skb)
{
	__u16 rev_nat = skb->mark & 0xffff;
	__u32 zero = 0;
	__u32 *backends;
	void *lut;

	lut = map_lookup_elem(&lb4_maglev, &rev_nat);
	if (!lut)
		return TC_ACT_OK;
	backends = map_lookup_elem(lut, &zero);
	if (backends)
		skb->mark = backends[0];
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
