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
#include <bpf/bpf_helpers.h>

#define QOS_ID		14
#define QOS_CLASSES	4

struct qos_class0_def {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
};
struct qos_class0_def2 qos_class0 __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, QOS_CLASSES);
	__array(values, struct qos_class0_def);
} qos_by_class __section(".maps") = {
	.values = {
		[0] = (void *)&qos_class0,
	},
};

struct qos_class0_def2 {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} qos_class0 __section(".maps");

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
