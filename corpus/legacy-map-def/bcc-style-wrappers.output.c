/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BCC-style map wrappers over struct bpf_map_def: BPF_HASH picks its shape from the number
 * of arguments, as BCC's helpers do, and every shape ends in BPF_TABLE.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

typedef __u32 u32;
typedef __u64 u64;

#define BPF_TABLE(_table_type, _key_type, _leaf_type, _name, _max_entries) \
struct bpf_map_def SEC("maps") _name = { \
	.type = _table_type, \
	.key_size = sizeof(_key_type), \
	.value_size = sizeof(_leaf_type), \
	.max_entries = (_max_entries), \
}

#define BPF_HASH1(_name) BPF_TABLE(BPF_MAP_TYPE_HASH, u64, u64, _name, 10240)
#define BPF_HASH2(_name, _key_type) BPF_TABLE(BPF_MAP_TYPE_HASH, _key_type, u64, _name, 10240)
#define BPF_HASH3(_name, _key_type, _leaf_type) BPF_TABLE(BPF_MAP_TYPE_HASH, _key_type, _leaf_type, _name, 10240)
#define BPF_HASH4(_name, _key_type, _leaf_type, _size) BPF_TABLE(BPF_MAP_TYPE_HASH, _key_type, _leaf_type, _name, _size)
#define BPF_HASHX(_1, _2, _3, _4, NAME, ...) NAME
#define BPF_HASH(...) BPF_HASHX(__VA_ARGS__, BPF_HASH4, BPF_HASH3, BPF_HASH2, BPF_HASH1)(__VA_ARGS__)

#define BPF_ARRAY(_name, _leaf_type, _size) BPF_TABLE(BPF_MAP_TYPE_ARRAY, u32, _leaf_type, _name, _size)

#define MAX_IFACES 64

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, MAX_IFACES);
} pkt_count SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 10240);
} last_seen SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 4);
} drop_count SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	u32 key = ctx->ingress_ifindex, zero = 0;
	u64 now = bpf_ktime_get_ns();
	u64 *v = bpf_map_lookup_elem(&pkt_count, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	bpf_map_update_elem(&last_seen, &key, &now, BPF_ANY);
	v = bpf_map_lookup_elem(&drop_count, &zero);
	if (v && *v > 1000)
		return XDP_DROP;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
