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
#include <bpf/bpf_helpers.h>

#define XDP_JMP_ID	7

int xdp_drop_all(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 1);
	__array(values, int (void *));
} xdp_jmp __section(".maps") = {
	.values = {
		[0] = (void *)&xdp_drop_all,
	},
};

__section_xdp_entry
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
