/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BPF_CTX_COMMON_H_
#define __BPF_CTX_COMMON_H_

#include <linux/bpf.h>

#define CTX_ACT_OK		0
#define CTX_ACT_DROP		2

#endif /* __BPF_CTX_COMMON_H_ */
