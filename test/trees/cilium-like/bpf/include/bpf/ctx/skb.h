/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __BPF_CTX_SKB_H_
#define __BPF_CTX_SKB_H_

#define __ctx_skb		1
#define __ctx_buff		__sk_buff

#include <bpf/ctx/common.h>

#endif /* __BPF_CTX_SKB_H_ */
