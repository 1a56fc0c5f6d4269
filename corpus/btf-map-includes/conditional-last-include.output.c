/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last #include is under #ifdef DEBUG: the new include goes after the
 * last unconditional one instead.
 */
#include "bpf_api.h"
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#ifdef DEBUG
#include "trace_helpers.h"
#else
#define DBG(fmt, ...) do { } while (0)
#endif

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1024);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} arp_seen __section(".maps");

__section_cls_entry
int cls_arp_seen(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u64 now = ktime_get_ns();

	if (skb->protocol != __builtin_bswap16(ETH_P_ARP))
		return TC_ACT_OK;
	DBG("arp on %u\n", ifindex);
	map_update_elem(&arp_seen, &ifindex, &now, BPF_ANY);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
