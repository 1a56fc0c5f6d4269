/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __section_maps comes from a header named through a macro (a computed
 * #include) that bpf-migrate cannot read. A legacy map can only live in
 * section "maps", so that is assumed, with a warning, and the file's own
 * __section() spelling is used for ".maps".
 */
#define DATAPATH_HEADER "cilium_compat.h"
#include DATAPATH_HEADER
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct policy_key);
	__type(value, struct policy_entry);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, POLICY_MAP_SIZE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} POLICY_MAP __section(".maps");

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
