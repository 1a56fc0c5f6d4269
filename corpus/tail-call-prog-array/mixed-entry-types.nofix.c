/* bpf-migrate-expect: tail-call-prog-array/mixedEntryTypes error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One object with an XDP program and a tc classifier: the tail-called
 * program could be either type, so the entry sections do not settle it.
 */
#include "xdp_common.h"

struct bpf_elf_map SEC("maps") sample_jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
	.id		= 3,
};

__section_tail(3, 0)
int sample_tc(struct __sk_buff *skb)
{
	bpf_printk("sampled %u\n", skb->len);
	return TC_ACT_OK;
}

SEC("xdp")
int xdp_early_drop(struct xdp_md *ctx)
{
	if (ctx->data_end - ctx->data < 14)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("classifier")
int tc_sample(struct __sk_buff *skb)
{
	if ((skb->hash & 0xff) == 0)
		bpf_tail_call(skb, &sample_jmp, 0);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
