/* SPDX-License-Identifier: GPL-2.0 */
/* Per-interface allow lists: a hash of maps keyed by ifindex. */
#include "bpf_api.h"

#define ALLOW_ID        7
#define LO_IFINDEX      1

struct bpf_elf_map __section_maps allow_lo = {
    .type = BPF_MAP_TYPE_HASH,
    .size_key = sizeof(__be32),
    .size_value = sizeof(__u8),
    .max_elem = 1024,
    .pinning = PIN_NONE,
    .id = ALLOW_ID,
    .inner_idx = LO_IFINDEX,
};

struct bpf_elf_map __section_maps allow_by_dev = {
    .type = BPF_MAP_TYPE_HASH_OF_MAPS,
    .size_key = 4,          /* ifindex */
    .size_value = 4,
    .max_elem = 64,
    .inner_id = ALLOW_ID,
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
