/* samples/bpf style (tracex5): a kprobe dispatches on the syscall number to "kprobe/N" programs, which bpf_load.c put into the last prog array. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include "samples_bpf_helpers.h"

static void (*bpf_tail_call)(void *ctx, void *map, int index) = (void *) BPF_FUNC_tail_call;

struct bpf_map_def SEC("maps") progs = {
	.type = BPF_MAP_TYPE_PROG_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
#ifdef __mips__
	.max_entries = 6000, /* MIPS n64 syscalls start at 5000 */
#else
	.max_entries = 1024,
#endif
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
SEC("kprobe/1")
int bpf_func_write(struct pt_regs *ctx)
{
	return 0;
}

/* read(fd, buf, count) */
SEC("kprobe/0")
int bpf_func_read(struct pt_regs *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
