/* SPDX-License-Identifier: GPL-2.0 */
/* .flags = BPF_F_NO_PREALLOC becomes map_flags; .flags = 0 goes away. */
#include "bpf_api.h"

struct sess_key {
	__be32	addr;
	__u32	cookie;
};

struct bpf_elf_map __section_maps sessions = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(struct sess_key),
	.size_value	= sizeof(__u64),
	.max_elem	= 100000,
	.flags		= BPF_F_NO_PREALLOC,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __section_maps sess_total = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 1,
	.flags		= 0,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_sessions(struct __sk_buff *skb)
{
	struct sess_key key = {
		.addr = skb->hash,
		.cookie = skb->hash,
	};
	__u64 now = ktime_get_ns(), *total;
	__u32 zero = 0;

	if (map_update_elem(&sessions, &key, &now, BPF_NOEXIST) == 0) {
		total = map_lookup_elem(&sess_total, &zero);
		if (total)
			__sync_fetch_and_add(total, 1);
	}
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
