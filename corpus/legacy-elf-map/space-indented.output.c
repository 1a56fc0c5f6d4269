/* SPDX-License-Identifier: GPL-2.0 */
/* A file indented with four spaces, not tabs. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 512);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} mark_counts __section(".maps");

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
