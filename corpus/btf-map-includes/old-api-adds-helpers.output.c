/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The old bpf_api.h defines none of __uint/__type/LIBBPF_PIN_BY_NAME:
 * <bpf/bpf_helpers.h> goes on the line after the last #include.
 */
#include "bpf_api.h"
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u64);
	__uint(max_entries, 32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} eth_types __section(".maps");

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
