/* samples/bpf style (tracex5): a kprobe dispatches on the syscall number to "kprobe/N" programs, which bpf_load.c put into the last prog array. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include "samples_bpf_helpers.h"
#ifndef __uint
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
enum libbpf_pin_type { LIBBPF_PIN_NONE, LIBBPF_PIN_BY_NAME };
#endif

static void (*bpf_tail_call)(void *ctx, void *map, int index) = (void *) BPF_FUNC_tail_call;

int bpf_func_read(struct pt_regs *ctx);
int bpf_func_write(struct pt_regs *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, sizeof(__u32));
#ifdef __mips__
	__uint(max_entries, 6000); /* MIPS n64 syscalls start at 5000 */
#else
	__uint(max_entries, 1024);
#endif
	__array(values, int (void *));
} progs SEC(".maps") = {
	.values = {
		[0] = (void *)&bpf_func_read,
		[1] = (void *)&bpf_func_write,
	},
};

SEC("kprobe/__seccomp_filter")
int bpf_prog1(struct pt_regs *ctx)
{
	int sc_nr = (int)ctx->rdi; /* the first argument on x86_64 */

	/* dispatch into next BPF program depending on syscall number */
	bpf_tail_call(ctx, &progs, sc_nr);
	return 0;
}

/* write(fd, buf, count) */
SEC("kprobe")
int bpf_func_write(struct pt_regs *ctx)
{
	return 0;
}

/* read(fd, buf, count) */
SEC("kprobe")
int bpf_func_read(struct pt_regs *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
