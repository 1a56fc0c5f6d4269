/* bpf-migrate-expect: tail-call-prog-array/progArrayUnread warning */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The prog array's positional initializer cannot be read (the struct comes
 * from a computed #include bpf-migrate does not follow), so its programs are told that this map may be
 * theirs, not that their prog array lives in another object
 * (progArrayUnread).
 */
#define API_HEADER "bpf_api.h"
#include API_HEADER

struct bpf_elf_map __section_maps jmp_map = {
	BPF_MAP_TYPE_PROG_ARRAY, sizeof(__u32), sizeof(__u32), 2, 0, 1,
};

__section_tail(1, 0)
int jmp_ipv4(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

__section_cls_entry
int cls_entry(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
