/* SPDX-License-Identifier: GPL-2.0 */
/*
 * samples/bpf's sockex3 layout: programs in sections "socket/N", written
 * out or built by a PROG() macro, which bpf_load.c put at index N of the
 * file's last prog array. The macro changes once, in its definition.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include "samples_bpf_helpers.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)
#define PROG(F) SEC("socket") int bpf_func_##F

#define PARSE_IP	3

static void (*bpf_tail_call)(void *ctx, void *map, int index) =
	(void *) BPF_FUNC_tail_call;

int main_prog(struct __sk_buff *skb);
int bpf_func_PARSE_IP(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(max_entries, 8);
	__array(values, int (void *));
} jmp_table SEC(".maps") = {
	.values = {
		[0] = (void *)&main_prog,
		[3] = (void *)&bpf_func_PARSE_IP,
	},
};

PROG(PARSE_IP)(struct __sk_buff *skb)
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
