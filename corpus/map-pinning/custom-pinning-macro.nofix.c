/* bpf-migrate-expect: map-pinning/customPinning error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A named custom pinning id; /etc/iproute2/bpf_pinning maps 10 to
 * "lb/shared". Macro or number, it cannot be expressed in BTF.
 */
#include "bpf_api.h"

#define PIN_CUSTOM_LB	10

struct bpf_elf_map __section_maps lb_shared_backends = {
	.type		= BPF_MAP_TYPE_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 64,
	.pinning	= PIN_CUSTOM_LB,
};

__section_cls_entry
int cls_lb_shared(struct __sk_buff *skb)
{
	__u32 slot = skb->hash & 63, *ifindex;

	ifindex = map_lookup_elem(&lb_shared_backends, &slot);
	if (ifindex && *ifindex)
		skb->mark = *ifindex;
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
