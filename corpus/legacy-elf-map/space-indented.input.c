/* SPDX-License-Identifier: GPL-2.0 */
/* A file indented with four spaces, not tabs. */
#include "bpf_api.h"

struct bpf_elf_map __section_maps mark_counts = {
    .type = BPF_MAP_TYPE_HASH,
    .size_key = sizeof(__u32),
    .size_value = sizeof(__u64),
    .max_elem = 512,
    .flags = 0,
    .pinning = PIN_GLOBAL_NS,
};

__section_cls_entry
int cls_mark_counts(struct __sk_buff *skb)
{
    __u32 mark = skb->mark;
    __u64 one = 1, *cnt;

    cnt = map_lookup_elem(&mark_counts, &mark);
    if (cnt)
        __sync_fetch_and_add(cnt, 1);
    else
        map_update_elem(&mark_counts, &mark, &one, BPF_NOEXIST);
    return TC_ACT_OK;
}

BPF_LICENSE("GPL");
