/* SPDX-License-Identifier: GPL-2.0 */
/* libbpf refuses static maps: `static` goes, with the blank after it. */
#include "bpf_api.h"

static struct bpf_elf_map __section_maps ttl_hist = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u64),
	.max_elem	= 256,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_ttl_hist(struct __sk_buff *skb)
{
	__u8 ttl;
	__u32 key;
	__u64 *cnt;

	if (skb_load_bytes(skb, 14 + 8, &ttl, sizeof(ttl)) < 0)
		return TC_ACT_OK;
	key = ttl;
	cnt = map_lookup_elem(&ttl_hist, &key);
	if (cnt)
		*cnt += 1;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
