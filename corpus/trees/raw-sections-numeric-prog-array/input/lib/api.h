/* The project's own helpers, as early tc examples carried them: no libbpf, no iproute2 header. */
#ifndef __API_H
#define __API_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#define __section(NAME)		__attribute__((section(NAME), used))

static void (*tail_call)(void *ctx, void *map, __u32 index) = (void *) BPF_FUNC_tail_call;

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
};

#endif /* __API_H */
