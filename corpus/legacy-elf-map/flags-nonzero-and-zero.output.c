/* SPDX-License-Identifier: GPL-2.0 */
/* .flags = BPF_F_NO_PREALLOC becomes map_flags; .flags = 0 goes away. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct sess_key {
	__be32	addr;
	__u32	cookie;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct sess_key);
	__type(value, __u64);
	__uint(max_entries, 100000);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} sessions __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} sess_total __section(".maps");

__section_cls_entry
int cls_sessions(struct __sk_buff *skb)
{
	struct sess_key key = {
		.addr = skb->hash,
		.cookie = skb->hash,
	};
	__u64 now = ktime_get_ns(), *total;
	__u32 zero = 0;

	if (map_update_elem(&sessions, &key, &now, BPF_NOEXIST) == 0) {
		total = map_lookup_elem(&sess_total, &zero);
		if (total)
			__sync_fetch_and_add(total, 1);
	}
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
