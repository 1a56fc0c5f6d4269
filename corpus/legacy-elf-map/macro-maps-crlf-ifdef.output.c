/* SPDX-License-Identifier: GPL-2.0 */
/* Map macros in a CRLF file, one of them only in debug builds. */
#include "../include/bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} flows __section(".maps");
#ifdef DEBUG
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} dbg_hits __section(".maps");
#endif

__section_cls_entry
int cls_flows(struct __sk_buff *skb)
{
	__u32 key = skb->mark;
	__u64 *n = map_lookup_elem(&flows, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
