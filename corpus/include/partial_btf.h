/* SPDX-License-Identifier: MIT */
/*
 * bpf-migrate test corpus: a half-updated project header. It pulls in the
 * old bpf_api.h and defines __uint itself, but not __type, __array or
 * enum libbpf_pin_type. Adding <bpf/bpf_helpers.h> next to it would
 * redefine __uint, so the include rule has to refuse.
 */
#ifndef __CORPUS_PARTIAL_BTF_H
#define __CORPUS_PARTIAL_BTF_H

#include "bpf_api.h"

#define __uint(name, val) int (*name)[(val)]

#endif /* __CORPUS_PARTIAL_BTF_H */
