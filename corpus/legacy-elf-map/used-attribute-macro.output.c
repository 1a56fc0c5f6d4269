/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file's own __used attribute macro next to the section attribute: the
 * migrated map keeps it after the section.
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define __used	__attribute__((used))

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} drops __attribute__((section(".maps"))) __used;

__section_cls_entry
int cls_drops(struct __sk_buff *skb)
{
	__u32 zero = 0;
	__u64 *v = map_lookup_elem(&drops, &zero);

	if (v)
		*v += 1;
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
