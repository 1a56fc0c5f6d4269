/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LIB_COMMON_H_
#define __LIB_COMMON_H_

#include <bpf/ctx/skb.h>

#define CILIUM_MAP_POLICY	2
#define CILIUM_MAP_CALLS	4

#define CILIUM_CALL_DROP_NOTIFY		1
#define CILIUM_CALL_IPV4_FROM_LXC	7
#define CILIUM_CALL_IPV6_FROM_LXC	10
#define CILIUM_CALL_SIZE		20

struct policy_key {
	__u32 sec_label;
	__u16 dport;
	__u8 protocol;
	__u8 egress;
};

struct policy_entry {
	__u32 proxy_port;
	__u32 packets;
};

#endif /* __LIB_COMMON_H_ */
