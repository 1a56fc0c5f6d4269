/* samples/bpf style: numbered "socket/N" sections that bpf_load.c put into the last prog array; the entry itself is slot 0. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include "samples_bpf_helpers.h"

#define PARSE_IP	3

static void (*bpf_tail_call)(void *ctx, void *map, int index) = (void *) BPF_FUNC_tail_call;

struct bpf_map_def SEC("maps") jmp_table = {
	.type = BPF_MAP_TYPE_PROG_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 8,
};

struct bpf_map_def SEC("maps") proto_count = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 256,
};

SEC("socket/3")
int parse_ip(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&proto_count, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	return skb->len;
}

SEC("socket/4")
int parse_ipv6(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("socket/0")
int main_prog(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jmp_table, PARSE_IP);
	return 0;
}

char _license[] SEC("license") = "GPL";
