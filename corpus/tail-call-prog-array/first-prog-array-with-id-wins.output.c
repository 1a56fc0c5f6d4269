/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Three maps share .id = 1: a hash (ignored: not a prog array), then two
 * prog arrays. tc puts "1/KEY" programs into the first prog array with that
 * id only; jmp_spare stays empty.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 128);
} seen __section(".maps");

int note_seen(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 2);
	__array(values, int (void *));
} jmp_main __section(".maps") = {
	.values = {
		[1] = (void *)&note_seen,
	},
};

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 2);
	__array(values, int (void *));
} jmp_spare __section(".maps");

__section_cls_entry
int note_seen(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u64 now = ktime_get_ns();

	map_update_elem(&seen, &ifindex, &now, BPF_ANY);
	return TC_ACT_OK;
}

__section_cls_entry
int track(struct __sk_buff *skb)
{
	tail_call(skb, &jmp_main, 1);
	tail_call(skb, &jmp_spare, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
