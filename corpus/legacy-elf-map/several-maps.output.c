/* SPDX-License-Identifier: GPL-2.0 */
/* Three maps in one object: config, per-CPU counters and a flow table. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct flow_key {
	__be32	saddr;
	__be32	daddr;
	__u32	ifindex;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 4);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} cfg __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} counters __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct flow_key);
	__type(value, __u64);
	__uint(max_entries, 8192);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} flows __section(".maps");

__section_cls_entry
int cls_flows(struct __sk_buff *skb)
{
	struct flow_key key = {
		.saddr = skb->hash,
		.daddr = skb->mark,
		.ifindex = skb->ifindex,
	};
	__u32 idx = 0, *enabled;
	__u64 now = ktime_get_ns(), *cnt;

	enabled = map_lookup_elem(&cfg, &idx);
	if (!enabled || !*enabled)
		return TC_ACT_OK;

	cnt = map_lookup_elem(&counters, &idx);
	if (cnt)
		*cnt += 1;

	map_update_elem(&flows, &key, &now, BPF_ANY);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
