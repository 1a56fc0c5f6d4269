/* bpf-migrate-expect: tail-call-prog-array/tailArgUnknown error */
/* SPDX-License-Identifier: GPL-2.0 */
/* Slots named by enum constants: __section_tail() stringifies them, so the
 * sections are "3/RATE_BULK" etc., which tc's "%i/%i" does not read as
 * tail calls. Nothing can be wired; the prog array must stay as it is.
 */
#include "bpf_api.h"

#define RATE_JMP_ID     3

enum rate_class {
    RATE_BULK,
    RATE_DEFAULT,
    RATE_INTERACTIVE,
    __RATE_MAX,
};

__section_tail(RATE_JMP_ID, RATE_INTERACTIVE)
int rate_interactive(struct __sk_buff *skb)
{
    skb->priority = 6;
    return TC_ACT_OK;
}

struct bpf_elf_map __section_maps rate_jmp = {
    .type       = BPF_MAP_TYPE_PROG_ARRAY,
    .size_key   = sizeof(__u32),
    .size_value = sizeof(__u32),
    .max_elem   = __RATE_MAX,
    .id         = RATE_JMP_ID,
};

__section_tail(RATE_JMP_ID, RATE_DEFAULT)
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

__section_tail(RATE_JMP_ID, RATE_BULK)
int rate_bulk(struct __sk_buff *skb)
{
    skb->priority = 1;
    return TC_ACT_OK;
}

BPF_LICENSE("GPL");
