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
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

#define SEC(NAME) __attribute__((section(NAME), used))

static void *(*map_lookup_elem)(void *map, const void *key) = (void *) BPF_FUNC_map_lookup_elem;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u8);
	__uint(max_entries, 4096);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} blacklist SEC(".maps");

SEC("classifier")
int cls_blacklist(struct __sk_buff *skb)
{
	__u32 key = skb->mark;

	return map_lookup_elem(&blacklist, &key) ? TC_ACT_SHOT : TC_ACT_OK;
}

char __license[] SEC("license") = "GPL";
