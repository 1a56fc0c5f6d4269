/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: a project header that pulls in libbpf's
 * <bpf/bpf_helpers.h> itself (plus the old bpf_api.h for struct
 * bpf_elf_map). Files that include only this header already have __uint,
 * __type, SEC and LIBBPF_PIN_BY_NAME, one include level down.
 */
#ifndef __CORPUS_XDP_COMMON_H
#define __CORPUS_XDP_COMMON_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include "bpf_api.h"

#define XDP_MAX_IFINDEX	256

#endif /* __CORPUS_XDP_COMMON_H */
