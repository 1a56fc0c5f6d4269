/* bpf-migrate-expect: tail-call-prog-array/numberedSections error */
/* SPDX-License-Identifier: GPL-2.0 */
/*
 * samples/bpf's tracex5 layout: PROG(__NR_write) builds "kprobe/N" from a
 * syscall number. <asm/unistd.h> defines it once per architecture, under
 * #if branches, so which number the build gets (and the slot) cannot be told
 * from the source (numberedSections).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include "samples_bpf_helpers.h"
#include <asm/unistd.h>

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)
#define PROG(F) SEC("kprobe/"__stringify(F)) int bpf_func_##F

struct bpf_map_def SEC("maps") progs = {
	.type = BPF_MAP_TYPE_PROG_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 1024,
};

PROG(__NR_write)(struct pt_regs *ctx)
{
	return 0;
}

SEC("kprobe/__seccomp_filter")
int bpf_prog1(struct pt_regs *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
