/* SPDX-License-Identifier: GPL-2.0 */
/* Bounded loop through a tail call: the parser re-enters itself until all
 * extension headers are consumed (at most 8 rounds per packet).
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};

#define __section_tail(ID, KEY)	SEC(#ID "/" #KEY)

int parse_next(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 1);
	__array(values, int (void *));
} parse_loop SEC(".maps") = {
	.values = {
		[0] = (void *)&parse_next,
	},
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} parse_depth SEC(".maps");

SEC("classifier")
int parse_next(struct __sk_buff *skb)
{
	__u32 zero = 0, *depth;

	depth = bpf_map_lookup_elem(&parse_depth, &zero);
	if (!depth || *depth >= 8)
		return TC_ACT_OK;
	*depth += 1;

	/* again: jumps to this very program */
	bpf_tail_call(skb, &parse_loop, 0);
	return TC_ACT_OK;
}

SEC("classifier")
int parse_start(struct __sk_buff *skb)
{
	__u32 zero = 0, *depth;

	depth = bpf_map_lookup_elem(&parse_depth, &zero);
	if (depth)
		*depth = 0;
	bpf_tail_call(skb, &parse_loop, 0);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
