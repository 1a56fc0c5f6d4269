/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A self-contained program that declares the helpers it calls itself, as
 * old samples did: <bpf/bpf_helpers.h> would redefine them, so the file
 * gets the guarded definitions (localDefinitions).
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#define SEC(NAME) __attribute__((section(NAME), used))

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
};

static void *(*bpf_map_lookup_elem)(void *map, void *key) =
	(void *) BPF_FUNC_map_lookup_elem;

struct bpf_map_def SEC("maps") byte_cnt = {
	.type = BPF_MAP_TYPE_PERCPU_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1024,
};

SEC("classifier")
int cls_count(struct __sk_buff *skb)
{
	__u32 key = skb->ifindex;
	__u64 *val = bpf_map_lookup_elem(&byte_cnt, &key);

	if (val)
		*val += skb->len;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
