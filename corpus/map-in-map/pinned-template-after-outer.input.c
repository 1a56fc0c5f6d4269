/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The outer map comes first; its inner template, pinned so that user space
 * can update it, is declared below it. In BTF form the outer map's .values
 * must name the template, which must then be declared first: the template
 * gets a named struct of its own and a tentative definition above the
 * outer, and the outer's __array names a separate unpinned type (libbpf
 * refuses pinning in an inner map definition).
 */
#include "bpf_api.h"

#define QOS_ID		14
#define QOS_CLASSES	4

struct bpf_elf_map __section_maps qos_by_class = {
	.type		= BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= QOS_CLASSES,
	.inner_id	= QOS_ID,
};

struct bpf_elf_map __section_maps qos_class0 = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
	.id		= QOS_ID,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int qos_rate(struct __sk_buff *skb)
{
	__u32 class = skb->priority % QOS_CLASSES, zero = 0;
	__u64 *bytes;
	void *rates;

	rates = map_lookup_elem(&qos_by_class, &class);
	if (!rates)
		return TC_ACT_OK;
	bytes = map_lookup_elem(rates, &zero);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
