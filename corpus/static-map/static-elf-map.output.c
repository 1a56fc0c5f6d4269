/* SPDX-License-Identifier: GPL-2.0 */
/* libbpf refuses static maps: `static` goes, with the blank after it. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ttl_hist __section(".maps");

__section_cls_entry
int cls_ttl_hist(struct __sk_buff *skb)
{
	__u8 ttl;
	__u32 key;
	__u64 *cnt;

	if (skb_load_bytes(skb, 14 + 8, &ttl, sizeof(ttl)) < 0)
		return TC_ACT_OK;
	key = ttl;
	cnt = map_lookup_elem(&ttl_hist, &key);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
