/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maglev lookup tables in the style of Cilium 1.9: a HASH_OF_MAPS keyed by
 * the 16-bit reverse-NAT index, whose template has .inner_idx = -1, so the
 * legacy loader puts no map into it (the agent does, at run time). Static
 * slots would need a 4-byte key; with none to write, the key stays 16-bit.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define CILIUM_MAP_MAGLEV4	15
#define NO_PREPOPULATE		-1
#define LB_MAGLEV_LUT_SIZE	251

struct lb4_maglev_inner_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32) * LB_MAGLEV_LUT_SIZE);
	__uint(max_entries, 1);
} lb4_maglev_inner __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(key_size, sizeof(__u16));	/* rev NAT index */
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 65536);
	__array(values, struct lb4_maglev_inner_def);
} lb4_maglev __section(".maps");

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
