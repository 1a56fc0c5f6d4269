/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-tenant byte counters: one inner hash per tenant, selected through an
 * array of maps. tenant_dflt is the template (.id, slot 0 by default); the
 * other two carry the same id and their own slot.
 */
#include "bpf_api_btf.h"

#define TENANT_MAP_ID	1
#define TENANT_A	1
#define TENANT_B	2
#define MAX_TENANTS	4

struct tenant_dflt_def {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} tenant_dflt __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} tenant_a __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} tenant_b __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, MAX_TENANTS);
	__array(values, struct tenant_dflt_def);
} tenants __section(".maps") = {
	.values = {
		[0] = &tenant_dflt,
		[TENANT_A] = (void *)&tenant_a,
		[TENANT_B] = (void *)&tenant_b,
	},
};

__section_cls_entry
int count_tenant(struct __sk_buff *skb)
{
	__u32 tenant = skb->mark % MAX_TENANTS;
	__u32 ifindex = skb->ifindex;
	__u64 *bytes;
	void *inner;

	inner = map_lookup_elem(&tenants, &tenant);
	if (!inner)
		return TC_ACT_OK;

	bytes = map_lookup_elem(inner, &ifindex);
	if (bytes)
		__sync_fetch_and_add(bytes, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
