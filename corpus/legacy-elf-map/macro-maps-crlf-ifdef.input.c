/* SPDX-License-Identifier: GPL-2.0 */
/* Map macros in a CRLF file, one of them only in debug builds. */
#include "../include/bpf_api.h"

BPF_HASH(flows, 0, sizeof(__u32), sizeof(__u64), PIN_NONE, 64);
#ifdef DEBUG
BPF_ARRAY4(dbg_hits, 0, PIN_NONE, 1);
#endif

__section_cls_entry
int cls_flows(struct __sk_buff *skb)
{
	__u32 key = skb->mark;
	__u64 *n = map_lookup_elem(&flows, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
