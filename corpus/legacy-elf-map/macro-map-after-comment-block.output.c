/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A long explanatory comment, as iproute2's examples start with. Its
 * continuation lines begin with a space and a star; they are not the
 * indentation of the code, which uses tabs. The map written out of the
 * macro below is indented with tabs like the rest of the file.
 *
 * Usage:
 *   tc filter add dev eth0 ingress bpf da obj prog.o sec classifier
 *   tc filter show dev eth0 ingress
 */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} map_sh __section(".maps");

__section_cls_entry
int cls_count(struct __sk_buff *skb)
{
	int key = 0, *count;

	count = map_lookup_elem(&map_sh, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
