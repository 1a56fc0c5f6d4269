/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf-migrate test corpus: the layout of the kernel's samples/bpf and of
 * projects that vendor it, where the project's own old copy of
 * bpf_helpers.h lives in a directory named bpf/. Its path looks like
 * libbpf's; its contents are the old samples copy.
 */
#include "../../samples_bpf_helpers.h"
