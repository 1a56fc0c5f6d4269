/* SPDX-License-Identifier: GPL-2.0 */
/* A sparse hash map created without preallocation. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf_legacy.h"

#define MAX_SOCKS	(1 << 20)

struct sock_key {
	__u32	remote_ip4;
	__u32	remote_port;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct sock_key);
	__type(value, __u64);
	__uint(max_entries, MAX_SOCKS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} sock_bytes SEC(".maps");

SEC("tc")
int tc_sock_bytes(struct __sk_buff *skb)
{
	struct sock_key key = {
		.remote_ip4 = skb->hash,
		.remote_port = skb->priority,
	};
	__u64 len = skb->len, *bytes;

	bytes = bpf_map_lookup_elem(&sock_bytes, &key);
	if (bytes)
		__sync_fetch_and_add(bytes, len);
	else
		bpf_map_update_elem(&sock_bytes, &key, &len, BPF_NOEXIST);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
