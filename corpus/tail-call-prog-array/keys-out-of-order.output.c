/* SPDX-License-Identifier: GPL-2.0 */
/* Rate classes, written in the order they were added, not in slot order. */
#include "bpf_api.h"
#include <bpf/bpf_helpers.h>

#define RATE_JMP_ID     3

/* rate classes (slots) */
#define RATE_BULK       0
#define RATE_DEFAULT    1
#define RATE_INTERACTIVE 2
#define __RATE_MAX      3

__section_cls_entry
int rate_interactive(struct __sk_buff *skb)
{
    skb->priority = 6;
    return TC_ACT_OK;
}

int rate_bulk(struct __sk_buff *skb);
int rate_default(struct __sk_buff *skb);
int rate_interactive(struct __sk_buff *skb);

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(key_size, sizeof(__u32));
    __uint(max_entries, __RATE_MAX);
    __array(values, int (void *));
} rate_jmp __section(".maps") = {
    .values = {
        [RATE_BULK] = (void *)&rate_bulk,
        [RATE_DEFAULT] = (void *)&rate_default,
        [RATE_INTERACTIVE] = (void *)&rate_interactive,
    },
};

__section_cls_entry
int rate_default(struct __sk_buff *skb)
{
    skb->priority = 0;
    return TC_ACT_OK;
}

__section_cls_entry
int rate_classify(struct __sk_buff *skb)
{
    if (skb->len < 128)
        tail_call(skb, &rate_jmp, RATE_INTERACTIVE);
    else if (skb->len > 1024)
        tail_call(skb, &rate_jmp, RATE_BULK);
    tail_call(skb, &rate_jmp, RATE_DEFAULT);
    return TC_ACT_OK;
}

__section_cls_entry
int rate_bulk(struct __sk_buff *skb)
{
    skb->priority = 1;
    return TC_ACT_OK;
}

BPF_LICENSE("GPL");
