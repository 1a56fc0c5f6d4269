/* bpf-migrate-expect: legacy-elf-map/unknownMacroInHead error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The map's section comes from the project's wrapper macro __pinned_map,
 * defined in a header named through a macro (a computed #include), so
 * bpf-migrate cannot see what it expands to: it may not be the "maps"
 * section at all, and its spelling cannot be carried over.
 */
#define DATAPATH_HEADER "cilium_compat.h"
#include DATAPATH_HEADER

struct bpf_elf_map __pinned_map POLICY_MAP = {
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
