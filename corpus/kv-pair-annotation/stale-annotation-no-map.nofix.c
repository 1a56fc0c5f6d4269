/* bpf-migrate-expect: kv-pair-annotation/noMap warning */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Already migrated to a BTF map with the new bpf_api.h, but an annotation
 * for the map's old name was left behind: no map of that name exists here.
 */
#include "bpf_api_btf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1024);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ifindex_bytes __section(".maps");

BPF_ANNOTATE_KV_PAIR(ifindex_bytes_v1, __u32, __u64);

__section_cls_entry
int cls_ifindex_bytes(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u64 len = skb->len, *bytes;

	bytes = map_lookup_elem(&ifindex_bytes, &ifindex);
	if (bytes)
		__sync_fetch_and_add(bytes, len);
	else
		map_update_elem(&ifindex_bytes, &ifindex, &len, BPF_NOEXIST);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
