/* SPDX-License-Identifier: GPL-2.0 */
/* Per-interface allow lists: a hash of maps keyed by ifindex. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define ALLOW_ID        7
#define LO_IFINDEX      1

struct allow_lo_def {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __be32);
    __type(value, __u8);
    __uint(max_entries, 1024);
} allow_lo __section(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
    __uint(key_size, 4);          /* ifindex */
    __uint(max_entries, 64);
    __array(values, struct allow_lo_def);
} allow_by_dev __section(".maps") = {
    .values = {
        [LO_IFINDEX] = &allow_lo,
    },
};

__section_cls_entry
int allow_check(struct __sk_buff *skb)
{
    __u32 ifindex = skb->ifindex;
    __be32 saddr = 0;
    void *allow;

    if (skb_load_bytes(skb, 14 + 12, &saddr, sizeof(saddr)) < 0)
        return TC_ACT_OK;

    allow = map_lookup_elem(&allow_by_dev, &ifindex);
    if (!allow)
        return TC_ACT_OK;
    if (!map_lookup_elem(allow, &saddr))
        return TC_ACT_SHOT;
    return TC_ACT_OK;
}

BPF_LICENSE("GPL");
