/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An inner template that is never put in a slot (.inner_idx = -1: user
 * space fills the outer map), keyed by a struct. __array names a separate
 * type with sizes: with no slot naming the template, clang 14 emits its key
 * struct only as a forward declaration, which libbpf cannot size.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define NO_PREPOPULATE		-1
#define INNER_ID		7

struct flow_key {
	__u32	saddr;
	__u32	daddr;
};

/* inner template only */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow_key);
	__type(value, __u64);
	__uint(max_entries, 1024);
} flows_tmpl __section(".maps");

struct flows_tmpl_def {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, sizeof(struct flow_key));
	__uint(value_size, sizeof(__u64));
	__uint(max_entries, 1024);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 4);
	__array(values, struct flows_tmpl_def);
} flows_outer __section(".maps");

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
