/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An inner template that is never put in a slot (.inner_idx = -1: user
 * space fills the outer map), keyed by a struct. __array names a separate
 * type with sizes: with no slot naming the template, clang 14 emits its key
 * struct only as a forward declaration, which libbpf cannot size.
 */
#include "bpf_api.h"

#define NO_PREPOPULATE		-1
#define INNER_ID		7

struct flow_key {
	__u32	saddr;
	__u32	daddr;
};

/* inner template only */
struct bpf_elf_map __section_maps flows_tmpl = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct flow_key),
	.size_value	= sizeof(__u64),
	.max_elem	= 1024,
	.id		= INNER_ID,
	.inner_idx	= NO_PREPOPULATE,
};

struct bpf_elf_map __section_maps flows_outer = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 4,
	.inner_id	= INNER_ID,
};

__section_cls_entry
int cls_flows(struct __sk_buff *skb)
{
	struct flow_key fk = {};
	__u32 k = 0;
	void *m = map_lookup_elem(&flows_outer, &k);

	if (m)
		map_lookup_elem(m, &fk);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
