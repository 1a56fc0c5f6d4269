/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __section_maps comes from a header named through a macro (a computed
 * #include) that bpf-migrate cannot read. A legacy map can only live in
 * section "maps", so that is assumed, with a warning, and the file's own
 * __section() spelling is used for ".maps".
 */
#define DATAPATH_HEADER "cilium_compat.h"
#include DATAPATH_HEADER

struct bpf_elf_map __section_maps POLICY_MAP = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct policy_key),
	.size_value	= sizeof(struct policy_entry),
	.pinning	= PIN_GLOBAL_NS,
	.max_elem	= POLICY_MAP_SIZE,
	.flags		= BPF_F_NO_PREALLOC,
};

__section_entry
int handle_policy(struct __sk_buff *ctx)
{
	struct policy_key key = {
		.sec_label = ctx->mark,
		.dport = (__u16)ctx->hash,
		.protocol = IPPROTO_TCP,
		.egress = 0,
	};
	struct policy_entry *e;

	e = map_lookup_elem(&POLICY_MAP, &key);
	if (!e)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
