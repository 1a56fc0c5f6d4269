/* SPDX-License-Identifier: GPL-2.0 */
/*
 * samples/bpf style, the old bpf_helpers.h copy in a directory named bpf/:
 * declares the helper functions itself. <bpf/bpf_helpers.h> would clash
 * with it, so the few definitions a BTF map needs are written into the
 * file, guarded by #ifndef __uint (localDefinitions).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include "vendor/bpf/bpf_helpers.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, long);
	__uint(max_entries, 256);
} proto_count SEC(".maps");

SEC("classifier")
int bpf_prog1(struct __sk_buff *skb)
{
	__u8 proto = 0;
	__u32 index;
	long *value;

	if (bpf_skb_load_bytes(skb, 14 + 9, &proto, sizeof(proto)) < 0)
		return TC_ACT_OK;
	index = proto;
	value = bpf_map_lookup_elem(&proto_count, &index);
	if (value)
		__sync_fetch_and_add(value, skb->len);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
