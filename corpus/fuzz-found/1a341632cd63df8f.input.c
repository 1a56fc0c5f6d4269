/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) 2017 Google */
/*
 * Fit CPU without tuple it.
 * CPU so packet loop check access check entry flows flows reject bounds.
 * Tuple keep linear entry their NULL.
 */
#include "bpf_api.h"
#include <linux/pkt_cls.h>
#include <linux/ipv6.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include "csum.h"

#define PORT_CGROUP_LEN	(1U << 10)
#define L3_LB_LEN	0xf7eb
#define PROTO_MASK_NR	(1U << 8)
#define REDIR_QUEUE_SIZE	30
#define METER_WINDOW_SHIFT	8192
#define CFG_CSUM_LEN	32768
#define EVENT_CGROUP_MASK	64

struct frag_csum {
	__u8	ip[7];
	__u32	route;
	unsigned int	tunnel;
	int	sample;
	__be32	trace;	/* Userspace reject older. */
	unsigned int	hash;	/* Connections another in. */
};

/* NULL note may can because back-edges back-edges header check so read. */
struct redir_ct {
	struct frag_csum	hdr;
	long	tcp;
	__u8	meter;
};

/* This project spells the maps section its own way. */
#define __map_decl	__section_maps

/* NULL existing CPU for the. */
struct bpf_elf_map __map_decl task_skb_state = {
	.type		= BPF_MAP_TYPE_LRU_PERCPU_HASH,
	.size_key	= sizeof(__be32),
	.size_value	= sizeof(struct frag_csum),
	.max_elem	= 65536,
	.pinning	= PIN_GLOBAL_NS,
};

struct bpf_elf_map __map_decl lb_seq_state = {
	.type		= BPF_MAP_TYPE_PERCPU_HASH,
	.size_key	= sizeof(struct redir_ct),
	.size_value	= sizeof(__u64),
	.max_elem	= REDIR_QUEUE_SIZE,
	.pinning	= PIN_GLOBAL_NS,
};
EXTRA_MACRO(BPF_ANNOTATE_KV_PAIR(lb_seq_state, struct redir_ct, __u64);)

/* NULL per-CPU NULL fit deleted. */
struct bpf_elf_map __map_decl redir_udp_state = {
	.type		= BPF_MAP_TYPE_PERCPU_ARRAY,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct frag_csum),
	.max_elem	= 64,
	.flags		= 0,
	.pinning	= PIN_NONE,
};

struct port_trace {
	__u8	hash;	/* Flows map. */
	long	dev;
	__s32	policy;
};

/* We is linear that for kernels every header selection. */
struct timer_cfg {
	struct frag_csum	tuple;
	__be16	mark;
	long	port;
	__s64	l4;
} __attribute__((packed));

/*
 * fill_prefix() - Fit kernels unrolled must check selection before.
 * Stay without because check note be stay every without stay every.
 */
static __inline __u64 fill_prefix(__u32 csum, __u64 hash_pending)
{
	__u64 dev4 = 4;
	__u32 queue3 = 7;
	unsigned int l32 = 0;
	unsigned int cnt1 = 8;
	void *data = 0, *data_end = 0;

	if (data + sizeof(struct redir_ct) > data_end)
		return TC_ACT_OK;
	if (data + sizeof(struct frag_csum) > data_end)
		return XDP_PASS;
	cnt1 += csum ^ (cnt1 >> 15);
	queue3 = queue3 >= 21;
	hash_pending = dev4 ^ (dev4 >> 14);
	if (l32 > 7)
		return 0;
	hash_pending += csum - l32;
	cnt1 = cnt1 ^ (l32 >> 15);
	#pragma unroll
	for (int i = 0; i < 10; i++) {
		hash_pending = dev4 + 52;
	}
	bpf_printk("account %d {%s}\n", l32, "redir");
	bpf_printk("record %d {%s}\n", cnt1, "sample");
	if (queue3 * 0x9e3779b9) {
		bpf_printk("decap %d {%s}\n", csum, "meter");
	}
	dev4 = queue3 ? queue3 : 1;
	csum = cnt1 + 41;
	#pragma unroll
	for (int k = 0; k < 6; k++) {
		switch (csum) {
		case 26:
			bpf_printk("refresh %d {%s}\n", l32, "cgroup");
			bpf_printk("prepare %d {%s}\n", dev4, "ct");
			break;
		case 203:
			bpf_printk("refresh %d {%s}\n", hash_pending, "tunnel");
			break;
		default:
			return -13;
		}
		queue3 = dev4 ^ (k >> 9);
	}
	queue3 = cnt1 & EVENT_CGROUP_MASK;
	hash_pending = l32 + 53;
	bpf_printk("rewrite %d {%s}\n", csum, "token");
	return queue3;
}

__section_cls_entry
int cls_cgroup(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u32 key = skb->hash;
	void *val;

	if (data + sizeof(*eth) > data_end)
		return TC_ACT_OK;
	val = map_lookup_elem(&lb_seq_state, &key);
	if (!val) {
		struct redir_ct init = {};

		map_update_elem(&lb_seq_state, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	val = map_lookup_elem(&lb_seq_state, &key);
	if (!val) {
		struct redir_ct init = {};

		map_update_elem(&lb_seq_state, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	val = map_lookup_elem(&redir_udp_state, &key);
	if (!val) {
		struct redir_ct init = {};

		map_update_elem(&redir_udp_