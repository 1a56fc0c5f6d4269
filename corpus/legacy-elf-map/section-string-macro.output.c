/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Section names given through a string macro, as iproute2's bpf_elf.h does
 * with ELF_SECTION_MAPS: in a call, in SEC() and in a raw attribute.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define ELF_SECTION_MAPS	"maps"
#define ELF_SECTION_PROG	"classifier"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} cnt_sec __section(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} cnt_attr __attribute__((section(".maps"), used));

__section(ELF_SECTION_PROG)
int cls_count(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *a = map_lookup_elem(&cnt_sec, &zero);
	__u64 *b = map_lookup_elem(&cnt_attr, &zero);

	if (a)
		__sync_fetch_and_add(a, 1);
	if (b)
		__sync_fetch_and_add(b, skb->len);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
