/* SPDX-License-Identifier: GPL-2.0 */
/*
 * samples/bpf's sockex3 layout: programs in sections "socket/N", written
 * out or built by a PROG() macro, which bpf_load.c put at index N of the
 * file's last prog array. The macro changes once, in its definition.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include "samples_bpf_helpers.h"

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)
#define PROG(F) SEC("socket/"__stringify(F)) int bpf_func_##F

#define PARSE_IP	3

static void (*bpf_tail_call)(void *ctx, void *map, int index) =
	(void *) BPF_FUNC_tail_call;

struct bpf_map_def SEC("maps") jmp_table = {
	.type = BPF_MAP_TYPE_PROG_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 8,
};

PROG(PARSE_IP)(struct __sk_buff *skb)
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
