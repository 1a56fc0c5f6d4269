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

struct bpf_elf_map SEC("maps") parse_loop = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.id		= 5,
};

struct bpf_elf_map SEC("maps") parse_depth = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
};

__section_tail(5, 0)
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
