/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The old bpf_api.h defines none of __uint/__type/LIBBPF_PIN_BY_NAME:
 * <bpf/bpf_helpers.h> goes on the line after the last #include.
 */
#include "bpf_api.h"
#include <linux/if_ether.h>

struct bpf_elf_map __section_maps eth_types = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u16),
	.size_value	= sizeof(__u64),
	.max_elem	= 32,
	.pinning	= PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_eth_types(struct __sk_buff *skb)
{
	__u16 proto = skb->protocol;
	__u64 one = 1, *cnt;

	if (proto == __builtin_bswap16(ETH_P_ARP))
		return TC_ACT_OK;
	cnt = map_lookup_elem(&eth_types, &proto);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		map_update_elem(&eth_types, &proto, &one, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
