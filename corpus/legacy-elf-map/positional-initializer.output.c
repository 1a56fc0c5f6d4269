/* SPDX-License-Identifier: GPL-2.0 */
/* Rate-limit by source port bucket; map declared with a positional initializer. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define PORT_BUCKETS	1024

struct bucket {
	__u64	last_ns;
	__u64	tokens;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct bucket);
	__uint(max_entries, PORT_BUCKETS);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} port_buckets __section(".maps");

__section_cls_entry
int cls_ratelimit(struct __sk_buff *skb)
{
	__u32 key = skb->priority % PORT_BUCKETS;
	__u64 now = ktime_get_ns();
	struct bucket *b, init = { .last_ns = now, .tokens = 64 };

	b = map_lookup_elem(&port_buckets, &key);
	if (!b) {
		map_update_elem(&port_buckets, &key, &init, BPF_ANY);
		return TC_ACT_OK;
	}
	if (now - b->last_ns > 1000000000ULL) {
		b->last_ns = now;
		b->tokens = 64;
	}
	if (b->tokens == 0)
		return TC_ACT_SHOT;
	b->tokens--;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
