/* SPDX-License-Identifier: GPL-2.0 */
/* Field values are expressions and macros; they are copied as written. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define MAX_ELEMS	(4 * 1024)
#define ADDR_SIZE	4

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, ADDR_SIZE);
	__uint(value_size, 2 * ADDR_SIZE);
	__uint(max_entries, 1 << 16);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} nat_table __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u64) * 2);
	__uint(max_entries, MAX_ELEMS);
} nat_stats __section(".maps");

__section_cls_entry
int cls_nat(struct __sk_buff *skb)
{
	__be32 addr = skb->mark;
	__u32 slot = skb->hash % MAX_ELEMS;
	__u64 *st;
	__u8 *dst;

	st = map_lookup_elem(&nat_stats, &slot);
	if (st) {
		st[0] += 1;
		st[1] += skb->len;
	}

	dst = map_lookup_elem(&nat_table, &addr);
	if (!dst)
		return TC_ACT_OK;
	skb->mark = dst[0];
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
