/* bpf-migrate-options: --prog-type xdp */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * XDP with iproute2's __section_xdp_entry (section "prog", what
 * `ip link set dev X xdp obj F.o` loads by default). The tail-called
 * program takes the entry's own spelling: the loader sets the type of both,
 * so that the kernel sees the same type and attach type on each side of
 * the tail call.
 */
#include "bpf_api.h"

#define XDP_JMP_ID	7

struct bpf_elf_map __section_maps xdp_jmp = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= XDP_JMP_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 1,
};

__section_tail(XDP_JMP_ID, 0)
int xdp_drop_all(struct xdp_md *ctx)
{
	return XDP_DROP;
}

__section_xdp_entry
int xdp_entry(struct xdp_md *ctx)
{
	tail_call(ctx, &xdp_jmp, 0);
	return XDP_PASS;
}

BPF_LICENSE("GPL");
