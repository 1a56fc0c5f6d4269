/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BPF_API__
#define __BPF_API__

#include <linux/types.h>
#include <linux/bpf.h>

#include <bpf/compiler.h>
#include <bpf/section.h>
#include <bpf/loader.h>

static long (*tail_call)(void *ctx, void *map, __u32 index) = (void *)BPF_FUNC_tail_call;
static void *(*map_lookup_elem)(const void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;

#endif /* __BPF_API__ */
