/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: a small project header on top of the old
 * bpf_api.h, with the project's own spelling of the maps section.
 */
#ifndef __CORPUS_LB_COMMON_H
#define __CORPUS_LB_COMMON_H

#include "bpf_api.h"

/* Every map of the load balancer goes through this. */
#define __lb_map		__section_maps

#define LB_MAX_BACKENDS		256
#define LB_MAX_FLOWS		(1 << 16)

struct lb_backend {
	__be32	addr;
	__u32	ifindex;
};

struct lb_flow {
	__be32	saddr;
	__be32	daddr;
	__be16	sport;
	__be16	dport;
	__u32	proto;
};

#endif /* __CORPUS_LB_COMMON_H */
