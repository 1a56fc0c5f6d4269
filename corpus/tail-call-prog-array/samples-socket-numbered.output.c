/* samples/bpf style: numbered "socket/N" sections that bpf_load.c put into the last prog array; the entry itself is slot 0. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include "samples_bpf_helpers.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

#define PARSE_IP	3

static void (*bpf_tail_call)(void *ctx, void *map, int index) = (void *) BPF_FUNC_tail_call;

int main_prog(struct __sk_buff *skb);
int parse_ip(struct __sk_buff *skb);
int parse_ipv6(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 8);
	__array(values, int (void *));
} jmp_table SEC(".maps") = {
	.values = {
		[0] = (void *)&main_prog,
		[3] = (void *)&parse_ip,
		[4] = (void *)&parse_ipv6,
	},
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} proto_count SEC(".maps");

SEC("socket")
int parse_ip(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&proto_count, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	return skb->len;
}

SEC("socket")
int parse_ipv6(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("socket")
int main_prog(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jmp_table, PARSE_IP);
	return 0;
}

char _license[] SEC("license") = "GPL";
