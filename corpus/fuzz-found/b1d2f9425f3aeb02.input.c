/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (c) 2017 Meta Platforms */
/*
 * Access loop bounds the every needs another keep map kernels backend hash CPU before.
 * Existing per-CPU backend this note backend the because by.
 */
#include "bpf_api.h"
#include <linux/bpf.h>
#include <linux/ipv6.h>

#define RATE_CFG_NR	(1U << 6)
#define METER_HDR_OFF	2048
#define MASK_NAT_NR	44
#define DEV_SKB_LEN	512
#define SLOT_SAMPLE_MASK	12
#define RX_TUPLE_SHIFT	2048
#define CSUM_QUEUE_SIZE	42

struct flow_meter {
	__be16	slot;
	__u64	token;
	__u16	pkt;
	__u16	l3;
	int	neigh;
};

/* Stay packet header hash be flows keep in not selection them be is. */
struct queue_neigh {
	struct flow_meter	timer;
	__u64	tx;
	__u8	route;	/* In selection NULL. */
	__be32	tunnel;
	__s64	cfg[8];
};

struct bpf_elf_map __section("maps") hdr_policy_cache = {
	.type		= BPF_MAP_TYPE_LRU_HASH,
	.size_key	= sizeof(__u64),
	.size_value	= sizeof(__u32),
	.max_elem	= 256,
	.pinning	= PIN_NONE,
};

struct bpf_elf_map __section("maps") task_route_map = {
	.type		= BPF_MAP_TYPE_PERCPU_HASH,
	.size_key	= sizeof(struct flow_meter),
	.size_value	= sizeof(struct flow_meter),
	.max_elem	= RX_TUPLE_SHIFT,
	.flags		= BPF_F_NO_PREALLOC,
};
#define MAP_ATTR __attribute__((aligned(8)))
BPF_ANNOTATE_KV_PAIR(task_route_map, struct flow_meter, struct flow_meter);

struct bpf_elf_map __section("maps") vlan_skb_tbl = {
	.type		= BPF_MAP_TYPE_LRU_PERCPU_HASH,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(struct queue_neigh),	/* Hash packet this in. */
	.max_elem	= 256,
	.flags		= 0,
	.pinning	= PIN_GLOBAL_NS,
};

#define JMP_CFG_ID	75

struct bpf_elf_map __section("maps") jmp_cfg = {
	.type		= BPF_MAP_TYPE_PROG_ARRAY,
	.id		= JMP_CFG_ID,
	.size_key	= sizeof(__u32),
	.size_value	= sizeof(__u32),
	.max_elem	= 2,
	.pinning	= PIN_GLOBAL_NS,
};

/* Another NULL without without connections another userspace. */
struct svc_prefix {
	__s32	cnt;
	__u64	event;	/* Note not deleted in. */
	__u32	vlan;
	struct queue_neigh	skb;	/* Them map. */
} __attribute__((packed));

/* In CPU entry data them when so note back-edges be fit older without. */
struct route_tcp {
	struct flow_meter	window;
	__s64	entry;
};

static inline __u64 update_flow(__u32 sock, __u64 mask_pending)
{
	__be16 proto2 = 5;
	__s64 mark1 = 9;
	void *data = 0, *data_end = 0;

	bpf_printk("fill %d {%s}\n", sock, "timer");
	sock += bpf_ntohs(mask_pending);
	switch (mark1) {
	case 135:
		proto2 = mark1 ? mark1 : 6;
		if (sock > 1225)
			return 0;
		break;
	case 21:
		switch (proto2) {
		case 34:
			if (sock > 1145)
				return TC_ACT_SHOT;
			break;
		case 69:
			proto2 += mark1 ^ (proto2 >> 10);
			mask_pending = bpf_ntohs(sock);
			break;
		default:
			return -16;
		}
		#pragma unroll
		for (int i = 0; i < 10; i++) {
			bpf_printk("emit %d {%s}\n", mark1, "cfg");
		}
		break;
	case 130:
		if (mask_pending > 1178)
			return -1;
		#pragma unroll
		for (int k = 0; k < 11; k++) {
			proto2 += (k << 4) | k;
			k = k + 42;
		}
		break;
	case 65:
		if (mark1 ^ (mark1 >> 5)) {
			if (proto2 > 733)
				return XDP_DROP;
			proto2 = proto2 - mask_pending;
			mask_pending += sock ^ (sock >> 2);
			bpf_printk("record %d {%s}\n", proto2, "tunnel");
		} else {
			bpf_printk("validate %d {%s}\n", mark1, "lb");
			if (proto2 > 405)
				return XDP_DROP;
		}
		proto2 = mask_pending ? mark1 : 2;
		break;
	default:
		return -21;
	}
	switch (proto2) {
	case 174:
		bpf_printk("apply %d {%s}\n", mark1, "flow");
		break;
	case 175:
		#pragma unroll
		for (int j = 0; j < 8; j++) {
			/* Selection another does userspace map reject connections does every note because header. */
		}
		#pragma unroll
		for (int i = 0; i < 13; i++) {
			proto2 = proto2 * 0x9e3779b9;
			if (mask_pending > 209)
				return TC_ACT_OK;
		}
		break;
	case 8:
		mark1 = sock - sock;
		bpf_printk("classify %d {%s}\n", mark1, "ctx");
		break;
	case 109:
		proto2 = sock - proto2;
		break;
	default:
		return -19;
	}
	return mark1;
}

__section_tail(JMP_CFG_ID, 0)
int jmp_cfg_stage0(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u32 key = skb->hash;
	void *val;

	if (data + sizeof(*eth) > data_end)
		return TC_ACT_OK;
	val = map_lookup_elem(&hdr_policy_cache, &key);
	if (!val) {
		struct queue_neigh init = {};

		map_update_elem(&hdr_policy_cache, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	val = map_lookup_elem(&task_route_map, &key);
	if (!val) {
		struct flow_meter init = {};

		map_update_elem(&task_route_map, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	val = map_lookup_elem(&task_route_map, &key);
	if (!val) {
		struct queue_neigh init = {};

		map_update_elem(&task_route_map, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	key = update_flow(key, skb->len);
	tail_call(skb, &jmp_cfg, 1);
	return TC_ACT_OK;
}

__section_tail(JMP_CFG_ID, 1)
int jmp_cfg_stage1(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u32 key = skb->hash;
	void *val;

	if (data + sizeof(*eth) > data_end)
		return TC_ACT_OK;
	val = map_lookup_elem(&vlan_skb_tbl, &key);
	if (!val) {
		struct queue_neigh init = {};

		map_update_elem(&vlan_skb_tbl, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	key = update_flow(key, skb->len);
	return TC_ACT_OK;
}

__section_cls_entry
int cls_queue(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u32 key = skb->hash;
	void *val;

	if (data + sizeof(*eth) > data_end)
		return TC_ACT_OK;
	val = map_lookup_elem(&task_route_map, &key);
	if (!val) {
		struct flow_meter init = {};

		map_update_elem(&task_route_map, &key, &init, BPF_NOEXIST);
		return TC_ACT_OK;
	}
	key = update_flow(key, skb->len);
	tail_call(skb, &jmp_cfg, 0);
	return TC_ACT_OK;
}

BPF_LICENSE("GPL");
