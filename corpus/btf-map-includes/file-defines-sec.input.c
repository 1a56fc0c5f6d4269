/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file defines SEC() itself, after its includes: bpf/bpf_helpers.h
 * would redefine it (a warning, an error with -Werror), so the file gets
 * the guarded definitions instead (ownSec).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <iproute2/bpf_elf.h>

#define SEC(NAME) __attribute__((section(NAME), used))

static void *(*map_lookup_elem)(void *map, const void *key) = (void *) BPF_FUNC_map_lookup_elem;

struct bpf_elf_map SEC("maps") blacklist = {
	.type		= BPF_MAP_TYPE_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u8),
	.max_elem	= 4096,
	.pinning	= PIN_GLOBAL_NS,
};

SEC("classifier")
int cls_blacklist(struct __sk_buff *skb)
{
	__u32 key = skb->mark;

	return map_lookup_elem(&blacklist, &key) ? TC_ACT_SHOT : TC_ACT_OK;
}

char __license[] SEC("license") = "GPL";
