/* SPDX-License-Identifier: GPL-2.0 */
/* PIN_GLOBAL_NS and its numeric value 2 both become LIBBPF_PIN_BY_NAME. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(key_size, 8);
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} allow_v4 __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} allow_hits __section(".maps");

struct lpm_v4 {
	__u32	prefixlen;
	__be32	addr;
};

__section_cls_entry
int cls_allow(struct __sk_buff *skb)
{
	struct lpm_v4 key = { .prefixlen = 32, .addr = skb->hash };
	__u32 zero = 0;
	__u64 *hits;

	if (!map_lookup_elem(&allow_v4, &key))
		return TC_ACT_SHOT;
	hits = map_lookup_elem(&allow_hits, &zero);
	if (hits)
		*hits += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
