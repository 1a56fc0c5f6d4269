/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drop packets whose source address is on a blocklist that userspace
 * keeps in a pinned hash map.
 */
#include "bpf_api.h"
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

#define BLOCKLIST_SIZE	4096

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __be32);
	__type(value, __u64);
	__uint(max_entries, BLOCKLIST_SIZE);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} blocklist __section(".maps");

__section_cls_entry
int cls_blocklist(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);
	__u64 *hits;

	if (data + sizeof(*eth) + sizeof(*iph) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != __constant_htons(ETH_P_IP))
		return TC_ACT_OK;

	hits = map_lookup_elem(&blocklist, &iph->saddr);
	if (!hits)
		return TC_ACT_OK;

	__sync_fetch_and_add(hits, 1);
	return TC_ACT_SHOT;
}

BPF_LICENSE("GPL");
