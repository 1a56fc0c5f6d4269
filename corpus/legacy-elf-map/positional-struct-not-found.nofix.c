/* bpf-migrate-expect: legacy-elf-map/positionalWithoutLayout error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Positional initializer, but the struct definition comes from a header
 * named through a macro (a computed #include), so its field order cannot be
 * read: six-field and nine-field layouts give different meanings to the
 * fifth and later positions.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define ELF_MAP_HEADER "android_bpf_elf.h"
#include ELF_MAP_HEADER

struct bpf_elf_map SEC("maps") iface_stats = {
	BPF_MAP_TYPE_HASH,
	sizeof(__u32),
	sizeof(__u64),
	64,
	0,
	PIN_GLOBAL_NS,
};

SEC("classifier")
int cls_iface_stats(struct __sk_buff *skb)
{
	__u32 ifindex = skb->ifindex;
	__u64 len = skb->len, *bytes;

	bytes = bpf_map_lookup_elem(&iface_stats, &ifindex);
	if (bytes)
		__sync_fetch_and_add(bytes, len);
	else
		bpf_map_update_elem(&iface_stats, &ifindex, &len, BPF_NOEXIST);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
