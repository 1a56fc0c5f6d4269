/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-tenant counters: the HASH_OF_MAPS comes first, its template and the
 * tenants' inner maps below it, all with BPF_F_NO_PREALLOC (an enum
 * constant of linux/bpf.h). Each inner map declared after the outer gets a
 * named struct and a tentative definition above it, so that .values can
 * name it.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define TPL_ID		10
#define TENANT_MAX	128

struct tenant_a_def tenant_a __section(".maps");
struct tenant_b_def tenant_b __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 16);
	__array(values, struct tenant_tpl_def);
} tenants __section(".maps") = {
	.values = {
		[3] = (void *)&tenant_a,
		[7] = (void *)&tenant_b,
	},
};

/* template, never inserted */
struct tenant_tpl_def {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, TENANT_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} tenant_tpl __section(".maps");

struct tenant_a_def {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, TENANT_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} tenant_a __section(".maps");

struct tenant_b_def {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, TENANT_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} tenant_b __section(".maps");

__section_cls_entry
int cls_tenant(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex, k = 0;
	void *inner;
	__u64 *v;

	inner = map_lookup_elem(&tenants, &ifindex);
	if (inner) {
		v = map_lookup_elem(inner, &k);
		if (v)
			__sync_fetch_and_add(v, 1);
	}
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
